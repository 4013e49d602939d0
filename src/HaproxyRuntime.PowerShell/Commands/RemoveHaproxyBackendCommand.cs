using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Commands;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Deletes a dynamic backend. HAProxy requires it to be unpublished, without servers and removable
/// (see Wait-HaproxyRemovable).</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveHaproxyBackendCommand : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = string.Empty;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = HaproxyCommands.RemoveBackend(Name);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
    }
}
