using System.Management.Automation;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists the ACL pattern lists (<c>show acl</c>): id, file (or #id for inline ACLs), entry count, versions.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyAcl")]
[OutputType(typeof(HaproxyAcl))]
public sealed class GetHaproxyAclCommand : HaproxyListCmdlet<HaproxyAcl>
{
    public GetHaproxyAclCommand() : base(HaproxyRequests.GetAcls, WildcardFilter.PatternSetNames, "ACL") { }
}
