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
/// without an entry is no error (there is nothing to remove).
/// </summary>
[Cmdlet(VerbsCommon.Clear, "HaproxyStickTableEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = KeySet)]
[OutputType(typeof(void))]
public sealed class ClearHaproxyStickTableEntryCommand : HaproxyBatchingCmdlet
{
    private const string KeySet = "Key";
    private const string FilterSet = "Filter";
    private const string AllSet = "All";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.StickTableCompleter))]
    public string Table { get; set; } = string.Empty;

    /// <summary>The key(s) of the entries to remove.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = KeySet, ValueFromPipelineByPropertyName = true)]
    public string[]? Key { get; set; }

    /// <summary>Remove the entries whose stored data pass all these conditions ('gpc0 gt 0').</summary>
    [Parameter(Mandatory = true, ParameterSetName = FilterSet)]
    public string[]? Filter { get; set; }

    /// <summary>Remove every entry of the table (HAProxy's 'clear table &lt;t&gt;').</summary>
    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (Key != null)
        {
            var table = ReadStickTable(session, Table);
            foreach (var key in Key)
            {
                Guarded(() =>
                {
                    var byKey = HaproxyRequests.ClearStickTableEntry(Table, table.Type, key);
                    if (!ShouldProcess(byKey)) return;
                    Enqueue(session, byKey, byKey.Target);
                    CountForProgress("entries cleared");
                }, $"{Table} {key}");
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
