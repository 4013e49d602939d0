using System;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Waits until a server is healthy: in service (not in maintenance, not draining, up, weight above 0) and its last
/// health check passed, or it has no health check enabled. Fails with HaproxyWaitTimeout after -Timeout, saying what
/// the server is (status, check result). Use it before sending traffic to a server added to a live backend.
/// </summary>
// ByObject is the default set, as in Wait-HaproxyRemovable: a piped HaproxyServer must bind -InputObject.
[Cmdlet(VerbsLifecycle.Wait, "HaproxyServer", DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(HaproxyServer))]
public sealed class WaitHaproxyServerCommand : HaproxySessionCmdlet
{
    private const string ByNameSet = "ByName";
    private const string ByObjectSet = "ByObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByNameSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.BackendCompleter))]
    public string Backend { get; set; } = string.Empty;

    /// <summary>The server; or give 'backend/server' as -Backend.</summary>
    [Parameter(Position = 1, ParameterSetName = ByNameSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Server")]
    [ArgumentCompleter(typeof(Completion.ServerCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>A HaproxyServer, usually piped from Add-/Get-/Enable- cmdlets.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByObjectSet, ValueFromPipeline = true)]
    public HaproxyServer? InputObject { get; set; }

    /// <summary>How long to wait (2s, 500ms, a TimeSpan, or seconds).</summary>
    [Parameter(Position = 2)]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Write the server once it is healthy.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var (backend, name) = InputObject is null ? ServerNames.Resolve(Backend, Name) : (InputObject.Backend, InputObject.Name);
        InvokeWait(session, HaproxyRequests.WaitServerHealthy(backend, name, Timeout), Timeout, "be healthy");
        if (PassThru && ReadServer(session, backend, name) is { } server) WriteObject(server);
    }
}
