using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Lists a stick table's entries (<c>show table &lt;t&gt;</c>): all of them, those whose stored data pass -Filter
/// (<c>data.&lt;type&gt; &lt;op&gt; &lt;value&gt;</c>, up to 4, all must pass), or the entry of each -Key
/// (<c>show table &lt;t&gt; key &lt;k&gt;</c>, the key checked against the table's key type first). HAProxy cannot look
/// binary keys up: for a binary table -Key reads the table and keeps the entries whose key it names. -Pointer shows
/// the entry at each address (<c>show table &lt;t&gt; ptr &lt;p&gt;</c>, HAProxy 3.0+; not for binary tables, which HAProxy
/// refuses by pointer too); an address that is no entry of the table is HaproxyObjectNotFound. A piped entry is read
/// again by key, the stable identity (an address is reused once its entry expires).
/// </summary>
[Cmdlet(VerbsCommon.Get, "HaproxyStickTableEntry", DefaultParameterSetName = AllSet)]
[OutputType(typeof(HaproxyStickTableEntry))]
public sealed class GetHaproxyStickTableEntryCommand : HaproxySessionCmdlet
{
    private const string AllSet = "All";
    private const string KeySet = "Key";
    private const string FilterSet = "Filter";
    private const string PointerSet = "Pointer";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.StickTableCompleter))]
    public string Table { get; set; } = string.Empty;

    /// <summary>The exact key(s) of the entries to show; binds from piped entries (to read them again).</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = KeySet, ValueFromPipelineByPropertyName = true)]
    public string[]? Key { get; set; }

    /// <summary>The address(es) of the entries to show, as 'show table' prints them (an entry's Pointer). Given on the
    /// command line only, never bound from piped objects: a piped entry is read again by its key (see the class).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PointerSet)]
    public string[]? Pointer { get; set; }

    /// <summary>Conditions on stored data, '&lt;data&gt; &lt;operator&gt; &lt;value&gt;' ('gpc0 gt 0'); an entry is
    /// shown when it passes all of them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FilterSet)]
    public string[]? Filter { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (Pointer != null)
        {
            var known = ReadStickTable(session, Table);
            foreach (var pointer in Pointer)
            {
                Guarded(() => WriteObject(Invoke(session, HaproxyRequests.GetStickTableEntryByPointer(Table, known.Type, pointer)), enumerateCollection: true), pointer);
            }
            return;
        }
        if (Key is null)
        {
            var filters = Filter?.Select(StickTableFilter.Parse).ToList();
            WriteObject(Invoke(session, HaproxyRequests.GetStickTableEntries(Table, filters)), enumerateCollection: true);
            return;
        }
        var table = ReadStickTable(session, Table);
        if (table.Type == HaproxyStickTableKeyType.Binary)
        {
            // No key lookup for binary tables in HAProxy's CLI: the keys are checked first, then the table is read once.
            var hex = Key.Select(k => (Key: k, Hex: HaproxyRequests.BinaryKeyHex(k))).ToList();
            var entries = Invoke(session, HaproxyRequests.GetStickTableEntries(Table));
            foreach (var (key, h) in hex) WriteFound(key, entries.Where(e => HaproxyRequests.BinaryKeyMatches(e.Key, h)).ToList());
            return;
        }
        foreach (var key in Key)
        {
            Guarded(() => WriteFound(key, Invoke(session, HaproxyRequests.GetStickTableEntry(Table, table.Type, key))), key);
        }
    }

    private void WriteFound(string key, System.Collections.Generic.List<HaproxyStickTableEntry> found)
    {
        if (found.Count == 0) WriteError(ErrorRecordFactory.NotFound($"Stick table '{Table}' has no entry with key '{key}'.", key));
        WriteObject(found, enumerateCollection: true);
    }
}
