using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Changes the value of existing map entries (<c>set map</c>): by -Ref (exactly that entry, what piping
/// Get-HaproxyMapEntry binds) or by -Key. Many piped entries are sent pipelined. A missing key is an error
/// (HaproxyObjectNotFound); use Add-HaproxyMapEntry to add.
/// </summary>
[Cmdlet(VerbsCommon.Set, "HaproxyMapEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HaproxyMapEntry))]
public sealed class SetHaproxyMapEntryCommand : HaproxyBatchingCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.MapCompleter))]
    public string Map { get; set; } = string.Empty;

    /// <summary>The entry's key. Used when no -Ref is given.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? Key { get; set; }

    /// <summary>The entry reference (#0x...) from Get-HaproxyMapEntry; wins over -Key.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? Ref { get; set; }

    /// <summary>The new value; binds from the Value of piped rows (Import-Csv with Map, Key, Value columns).</summary>
    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    public string Value { get; set; } = string.Empty;

    /// <summary>Write each changed entry.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = !string.IsNullOrEmpty(Ref)
            ? HaproxyRequests.SetMapEntryByRef(Map, Ref!, Value)
            : Key is null
                ? throw new HaproxyArgumentException("Key", "Give the entry to change: -Key or -Ref (from Get-HaproxyMapEntry).")
                : HaproxyRequests.SetMapEntry(Map, Key, Value);
        if (!ShouldProcess(command)) return;
        Enqueue(session, command, command.Target, new HaproxyMapEntry(Map, Key ?? string.Empty, Value, string.IsNullOrEmpty(Ref) ? null : Ref));
    }

    protected override void OnBatchSent(HaproxySession session, IReadOnlyList<object?> succeeded)
    {
        if (!PassThru) return;
        foreach (var item in succeeded)
        {
            if (!(item is HaproxyMapEntry entry)) continue;
            entry.AttachTo(session);
            WriteObject(entry);
        }
    }
}
