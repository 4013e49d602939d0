using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Commands;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Publishs a backend: makes it eligible for traffic (use_backend can select it).</summary>
[Cmdlet(VerbsData.Publish, "HaproxyBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HaproxyBackend))]
public sealed class PublishHaproxyBackendCommand : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = HaproxyCommands.PublishBackend(Name);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
        if (PassThru && ReadBackend(session, Name) is { } backend) WriteObject(backend);
    }
}
