using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Adds a backend at run time (HAProxy 3.4+), copied from a named defaults section. It starts unpublished.</summary>
[Cmdlet(VerbsCommon.Add, "HaproxyBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(HaproxyBackend))]
public sealed class AddHaproxyBackendCommand : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = string.Empty;

    /// <summary>The named defaults section the backend inherits from.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Defaults")]
    public string From { get; set; } = string.Empty;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("http", "tcp", IgnoreCase = true)]
    public string? Mode { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Guid { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = HaproxyRequests.AddBackend(Name, From, Mode, Guid);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
        if (PassThru && ReadBackend(session, Name) is { } backend) WriteObject(backend);
    }
}
