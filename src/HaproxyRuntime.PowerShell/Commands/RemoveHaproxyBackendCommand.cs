using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Commands;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Deletes a dynamic backend. HAProxy requires it to be unpublished, without servers and removable
/// (see Wait-HaproxyRemovable).</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(void))]
public sealed class RemoveHaproxyBackendCommand : HaproxyBackendChangeCmdlet
{
    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = HaproxyCommands.RemoveBackend(BackendName);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
    }
}
