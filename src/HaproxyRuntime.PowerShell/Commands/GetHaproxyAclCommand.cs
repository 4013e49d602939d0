using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists the ACL pattern lists (<c>show acl</c>): id, file (or #id for inline ACLs), entry count, versions.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyAcl")]
[OutputType(typeof(HaproxyAcl))]
public sealed class GetHaproxyAclCommand : HaproxySessionCmdlet
{
    /// <summary>ACL file name(s) or #id, wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var acls = Invoke(session, HaproxyRequests.GetAcls());
        WriteObject(WildcardFilter.Apply(this, acls, Name, WildcardFilter.PatternSetNames, "ACL").ToList(), enumerateCollection: true);
    }
}
