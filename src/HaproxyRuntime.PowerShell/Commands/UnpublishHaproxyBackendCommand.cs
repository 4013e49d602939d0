using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Commands;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Unpublishs a backend: takes it out of traffic selection, a step before removing it.</summary>
[Cmdlet(VerbsData.Unpublish, "HaproxyBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HaproxyBackend))]
public sealed class UnpublishHaproxyBackendCommand : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = HaproxyCommands.UnpublishBackend(Name);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
        if (PassThru && ReadBackend(session, Name) is { } backend) WriteObject(backend);
    }
}
