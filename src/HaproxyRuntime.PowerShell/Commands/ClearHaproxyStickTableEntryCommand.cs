using System.Globalization;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Removes stick-table entries (<c>clear table</c>): the entry of each -Key (what piped entries bind; sent pipelined),
/// those whose stored data pass every -Filter, or with -All every entry. HAProxy never removes an entry a stream is
/// tracking: by key that is an error (HaproxyObjectNotRemovable), with -Filter or -All such entries are left. A key
/// without an entry is no error (there is nothing to remove). -Pointer removes the entry at each address (<c>clear table
/// &lt;t&gt; ptr &lt;p&gt;</c>, HAProxy 3.0+); an address that is no entry of the table is HAProxy's NotFound refusal. A
/// piped entry is removed by its key, the stable identity (an address is reused once its entry expires): -Pointer is
/// never bound from piped objects. (Were it, PowerShell would latch a piped object without a Key on the default set and
/// fail to bind it, and in Get-HaproxyStickTableEntry a piped entry would fall to the whole-table set.)
/// </summary>
[Cmdlet(VerbsCommon.Clear, "HaproxyStickTableEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = KeySet)]
[OutputType(typeof(void))]
public sealed class ClearHaproxyStickTableEntryCommand : HaproxyBatchingCmdlet
{
    private const string KeySet = "Key";
    private const string FilterSet = "Filter";
    private const string AllSet = "All";
    private const string PointerSet = "Pointer";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.StickTableCompleter))]
    public string Table { get; set; } = string.Empty;

    /// <summary>The key(s) of the entries to remove.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = KeySet, ValueFromPipelineByPropertyName = true)]
    public string[]? Key { get; set; }

    /// <summary>The address(es) of the entries to remove, as 'show table' prints them (an entry's Pointer). Given on
    /// the command line only (see the class).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PointerSet)]
    public string[]? Pointer { get; set; }

    /// <summary>Remove the entries whose stored data pass all these conditions ('gpc0 gt 0').</summary>
    [Parameter(Mandatory = true, ParameterSetName = FilterSet)]
    public string[]? Filter { get; set; }

    /// <summary>Remove every entry of the table (HAProxy's 'clear table &lt;t&gt;').</summary>
    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (Key != null || Pointer != null)
        {
            var table = ReadStickTable(session, Table);
            bool byPointer = Pointer != null;
            foreach (var one in (byPointer ? Pointer : Key)!)
            {
                Guarded(() =>
                {
                    var request = byPointer
                        ? HaproxyRequests.ClearStickTableEntryByPointer(Table, table.Type, one)
                        : HaproxyRequests.ClearStickTableEntry(Table, table.Type, one);
                    if (!ShouldProcess(request)) return;
                    Enqueue(session, request, request.Target);
                    CountForProgress("entries cleared");
                }, $"{Table} {one}");
            }
            return;
        }
        if (Filter != null)
        {
            var command = HaproxyRequests.ClearStickTableEntries(Table, Filter.Select(StickTableFilter.Parse).ToList());
            if (!ShouldProcess(command)) return;
            Flush(session);
            Invoke(session, command);
            return;
        }
        // The prompt says how many entries go: a whole table is rarely what a slip of the keyboard should clear.
        var all = HaproxyRequests.ClearStickTable(Table);
        var known = ReadStickTable(session, Table);
        if (!ShouldProcess(all, $"{all.Target} (all {known.Used.ToString(CultureInfo.InvariantCulture)} entries)")) return;
        Flush(session);
        Invoke(session, all);
    }
}
