using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// Shape shared by the cmdlets that remove map or ACL entries: exactly one entry by its reference (what piping the
/// Get- entry cmdlet binds), or every entry with a key or pattern (repeated while duplicates remain, see
/// <see cref="PatternRemoval"/>). The twins declare their own parameters (-Map/-Key, -Acl/-Pattern: PowerShell names
/// parameters by property) and hand them over here. Removals by reference (piped entries) are sent pipelined, like
/// additions; a removal by key waits for them first, so the order of the input holds.
/// </summary>
public abstract class HaproxyEntryRemoveCmdlet : HaproxyBatchingCmdlet
{

    /// <summary>The key (map) or pattern (ACL) given, or null.</summary>
    protected abstract string? EntryKey { get; }

    /// <summary>The entry reference (#0x...) from the Get- entry cmdlet: removes exactly that entry, and wins over the
    /// key. Entries without one (from Add- -PassThru, CSV rows) are removed by key.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? Ref { get; set; }

    /// <summary>The request that removes exactly the entry with this reference.</summary>
    protected abstract CliRequest<CliDone> RemoveByRef(string reference);

    /// <summary>The request that removes an entry with this key or pattern.</summary>
    protected abstract CliRequest<CliDone> RemoveByKey(string key);

    /// <summary>The refusal when neither a key nor a reference was given.</summary>
    protected abstract HaproxyArgumentException NothingToRemove();

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (!string.IsNullOrEmpty(Ref))
        {
            var byRef = RemoveByRef(Ref!);
            // The prompt names the entry by its key too: a reference alone says nothing to the user.
            if (!ShouldProcess(byRef, EntryKey is null ? byRef.Target : $"{byRef.Target} ({EntryKey})")) return;
            Enqueue(session, byRef, byRef.Target);
            CountForProgress("entries removed");
            return;
        }
        if (EntryKey is null) throw NothingToRemove();
        var command = RemoveByKey(EntryKey);
        if (!ShouldProcess(command)) return;
        Flush(session);
        RunOperation(session, command.Target, sending => PatternRemoval.RemoveAll(session, command, CancelToken, sending));
    }
}
