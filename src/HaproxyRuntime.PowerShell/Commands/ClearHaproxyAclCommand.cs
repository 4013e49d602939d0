using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Removes every pattern of an ACL (<c>clear acl</c>).</summary>
[Cmdlet(VerbsCommon.Clear, "HaproxyAcl", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(HaproxyAcl))]
public sealed class ClearHaproxyAclCommand : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.AclCompleter))]
    public string Acl { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = HaproxyRequests.ClearAcl(Acl);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
        if (PassThru) WriteObject(ReadChangedList(session, HaproxyRequests.GetAcls(), Acl, "ACL"), enumerateCollection: true);
    }
}
