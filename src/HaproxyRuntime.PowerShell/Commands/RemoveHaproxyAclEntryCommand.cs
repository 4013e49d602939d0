using System.Management.Automation;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Removes ACL patterns: exactly one entry by -Ref (what piping Get-HaproxyAclEntry binds), or every entry with
/// the -Pattern (<c>del acl a pattern</c>, repeated while duplicates remain, as HAProxy 3.4.7 deletes one per call).</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyAclEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveHaproxyAclEntryCommand : HaproxyEntryRemoveCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.AclCompleter))]
    public string Acl { get; set; } = string.Empty;

    /// <summary>Removes every entry with this pattern. Used when no -Ref is given.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? Pattern { get; set; }

    protected override string? EntryKey => Pattern;
    protected override CliRequest<CliDone> RemoveByRef(string reference) => HaproxyRequests.RemoveAclEntryByRef(Acl, reference);
    protected override CliRequest<CliDone> RemoveByKey(string key) => HaproxyRequests.RemoveAclEntry(Acl, key);
    protected override HaproxyArgumentException NothingToRemove() => new HaproxyArgumentException("Pattern", "Give the entry to remove: -Pattern (every entry with it) or -Ref (one entry, from Get-HaproxyAclEntry).");
}
