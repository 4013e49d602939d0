using System.Globalization;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Completion;

/// <summary>Stick table names, as Get-HaproxyStickTable lists them (<c>show table</c>).</summary>
public sealed class StickTableCompleter : ListCompleter<HaproxyStickTable>
{
    public StickTableCompleter()
        : base("stick-table", HaproxyRequests.GetStickTables,
               t => new[] { new CompletionCandidate(t.Name, $"Stick table {t.Name} ({t.TypeWord} keys, {t.Used.ToString(CultureInfo.InvariantCulture)} of {t.Size.ToString(CultureInfo.InvariantCulture)} entries)") })
    {
    }
}
