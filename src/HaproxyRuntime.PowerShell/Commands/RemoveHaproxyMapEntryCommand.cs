using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Removes map entries: exactly one entry by -Ref (what piping Get-HaproxyMapEntry binds), or every entry with
/// -Key (<c>del map m key</c>, repeated while duplicates remain). One parameter set, so objects with or without a Ref
/// (CSV rows, Add-HaproxyMapEntry -PassThru) bind alike; -Ref wins when both are present.</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyMapEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveHaproxyMapEntryCommand : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Map { get; set; } = string.Empty;

    /// <summary>Removes every entry with this key. Used when no -Ref is given.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? Key { get; set; }

    /// <summary>The entry reference (#0x...) from Get-HaproxyMapEntry: removes exactly that entry. Entries without one
    /// (from Add-HaproxyMapEntry -PassThru, CSV rows) are removed by -Key.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? Ref { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (!string.IsNullOrEmpty(Ref))
        {
            var byRef = HaproxyRequests.RemoveMapEntryByRef(Map, Ref!);
            if (ShouldProcess(byRef)) Invoke(session, byRef);
            return;
        }
        if (Key is null)
        {
            throw new HaproxyArgumentException("Key", "Give the entry to remove: -Key (every entry with that key) or -Ref (one entry, from Get-HaproxyMapEntry).");
        }
        var command = HaproxyRequests.RemoveMapEntry(Map, Key);
        if (ShouldProcess(command)) InvokeUntilGone(session, command);
    }
}
