using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists an ACL's patterns (<c>show acl</c>), optionally only the given exact pattern(s).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyAclEntry")]
[OutputType(typeof(HaproxyAclEntry))]
public sealed class GetHaproxyAclEntryCommand : HaproxySessionCmdlet
{
    /// <summary>The ACL: its file name, <c>virt@name</c>, or <c>#id</c> (Get-HaproxyAcl lists them).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.AclCompleter))]
    public string Acl { get; set; } = string.Empty;

    /// <summary>Exact pattern(s) to return.</summary>
    [Parameter(Position = 1)]
    public string[]? Pattern { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        WriteSelectedEntries(Invoke(session, HaproxyRequests.GetAclEntries(Acl)), Pattern, e => e.Pattern, pattern => $"ACL '{Acl}' has no pattern '{pattern}'.");
    }
}
