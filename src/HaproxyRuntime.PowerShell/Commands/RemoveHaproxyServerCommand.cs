using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Commands;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Deletes a dynamic server. HAProxy requires it to be in maintenance with no connection attached
/// (see Set-HaproxyServerState -State Maint and Wait-HaproxyRemovable).</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyServer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveHaproxyServerCommand : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Backend { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Server")]
    public string Name { get; set; } = string.Empty;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = HaproxyCommands.RemoveServer(Backend, Name);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
    }
}
