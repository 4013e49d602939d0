using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Removes ACL patterns: exactly one entry by -Ref (what piping Get-HaproxyAclEntry binds), or every entry with
/// the -Pattern (<c>del acl a pattern</c>, repeated while duplicates remain, as HAProxy 3.4.7 deletes one per call).</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyAclEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveHaproxyAclEntryCommand : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Acl { get; set; } = string.Empty;

    /// <summary>Removes every entry with this pattern. Used when no -Ref is given.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? Pattern { get; set; }

    /// <summary>The entry reference (#0x...) from Get-HaproxyAclEntry; wins over -Pattern.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? Ref { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (!string.IsNullOrEmpty(Ref))
        {
            var byRef = HaproxyRequests.RemoveAclEntryByRef(Acl, Ref!);
            if (ShouldProcess(byRef)) Invoke(session, byRef);
            return;
        }
        if (Pattern is null)
        {
            throw new HaproxyArgumentException("Pattern", "Give the entry to remove: -Pattern (every entry with it) or -Ref (one entry, from Get-HaproxyAclEntry).");
        }
        var command = HaproxyRequests.RemoveAclEntry(Acl, Pattern);
        if (ShouldProcess(command)) InvokeUntilGone(session, command);
    }
}
