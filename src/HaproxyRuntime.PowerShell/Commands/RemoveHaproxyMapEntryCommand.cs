using System.Management.Automation;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Removes map entries: exactly one entry by -Ref (what piping Get-HaproxyMapEntry binds), or every entry with
/// -Key (<c>del map m key</c>, repeated while duplicates remain). One parameter set, so objects with or without a Ref
/// (CSV rows, Add-HaproxyMapEntry -PassThru) bind alike; -Ref wins when both are present.</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyMapEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveHaproxyMapEntryCommand : HaproxyEntryRemoveCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.MapCompleter))]
    public string Map { get; set; } = string.Empty;

    /// <summary>Removes every entry with this key. Used when no -Ref is given.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? Key { get; set; }

    protected override string? EntryKey => Key;
    protected override CliRequest<CliDone> RemoveByRef(string reference) => HaproxyRequests.RemoveMapEntryByRef(Map, reference);
    protected override CliRequest<CliDone> RemoveByKey(string key) => HaproxyRequests.RemoveMapEntry(Map, key);
    protected override HaproxyArgumentException NothingToRemove() => new HaproxyArgumentException("Key", "Give the entry to remove: -Key (every entry with that key) or -Ref (one entry, from Get-HaproxyMapEntry).");
}
