using System;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Waits until HAProxy says a server (<c>wait srv-removable</c>) or a backend (<c>wait be-removable</c>) can be
/// deleted, up to -Timeout. Fails with HaproxyWaitTimeout when connections are still attached at the deadline, and
/// at once when the condition can never be met (e.g. the server is not in maintenance).
/// </summary>
// ByObject is the default set on purpose: PowerShell binds pipeline input in the default set first, and a piped
// HaproxyBackend would otherwise bind its Name to -Server there and never reach -InputObject.
[Cmdlet(VerbsLifecycle.Wait, "HaproxyRemovable", DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(HaproxyServer), typeof(HaproxyBackend))]
public sealed class WaitHaproxyRemovableCommand : HaproxySessionCmdlet
{
    private const string ByNameSet = "ByName";
    private const string ByObjectSet = "ByObject";

    /// <summary>The backend, or the server's backend when -Server is given.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByNameSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.BackendCompleter))]
    public string Backend { get; set; } = string.Empty;

    /// <summary>The server; without it the backend itself is waited for.</summary>
    [Parameter(Position = 1, ParameterSetName = ByNameSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(Completion.ServerCompleter))]
    public string? Server { get; set; }

    /// <summary>A HaproxyServer or HaproxyBackend, usually piped from Get-/Set- cmdlets.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByObjectSet, ValueFromPipeline = true)]
    public HaproxyObject? InputObject { get; set; }

    /// <summary>How long HAProxy waits (2s, 500ms, a TimeSpan, or seconds).</summary>
    [Parameter(Position = 2)]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Write the server or backend once it is removable.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        string backend;
        string? server;
        switch (InputObject)
        {
            case null when Server is null && ServerNames.Split(Backend) is (string b, string s):
                // 'backend/server' names a server.
                backend = b;
                server = s;
                break;
            case null:
                backend = Backend;
                server = Server; // null only when not given: an empty name is refused, never taken for "no server"
                break;
            case HaproxyServer s:
                backend = s.Backend;
                server = s.Name;
                break;
            case HaproxyBackend b:
                backend = b.Name;
                server = null;
                break;
            default:
                WriteError(ErrorRecordFactory.WrongInputObject($"Wait-HaproxyRemovable takes a HaproxyServer or HaproxyBackend, not {InputObject.GetType().Name}.", InputObject));
                return;
        }

        CliRequest<CliDone> command = server is null
            ? HaproxyRequests.WaitBackendRemovable(backend, Timeout)
            : HaproxyRequests.WaitServerRemovable(backend, server, Timeout, session.VersionNumber);
        InvokeWait(session, command, Timeout, "become removable");
        if (!PassThru) return;
        if (server is null)
        {
            if (ReadBackend(session, backend) is { } be) WriteObject(be);
        }
        else if (ReadServer(session, backend, server) is { } srv)
        {
            WriteObject(srv);
        }
    }
}
