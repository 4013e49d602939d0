using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists a map's entries (<c>show map</c>), optionally only those with the given key(s); or, with -Match,
/// asks HAProxy which entry its own matching (the map's match method: beg, sub, ip...) selects for a sample
/// (<c>get map</c>).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyMapEntry", DefaultParameterSetName = ListSet)]
[OutputType(typeof(HaproxyMapEntry))]
public sealed class GetHaproxyMapEntryCommand : HaproxySessionCmdlet
{
    private const string ListSet = "List";
    private const string MatchSet = "Match";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.MapCompleter))]
    public string Map { get; set; } = string.Empty;

    /// <summary>Exact key(s) to return (compared as HAProxy stores them, case-sensitive).</summary>
    [Parameter(Position = 1, ParameterSetName = ListSet)]
    public string[]? Key { get; set; }

    /// <summary>Sample value(s) to look up the way traffic would (e.g. a path for a map_beg map). Returns the matching
    /// entry, or nothing when no entry matches.</summary>
    [Parameter(Mandatory = true, ParameterSetName = MatchSet)]
    public string[]? Match { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (Match != null)
        {
            foreach (var sample in Match)
            {
                var result = Invoke(session, HaproxyRequests.MatchMap(Map, sample));
                if (!result.Found)
                {
                    WriteVerbose($"No entry of {Map} matches '{sample}' ({result.MatchType} match).");
                    continue;
                }
                var entry = new HaproxyMapEntry(Map, result.Key ?? string.Empty, result.Value ?? string.Empty);
                entry.AttachTo(session);
                WriteObject(entry);
            }
            return;
        }
        WriteSelectedEntries(Invoke(session, HaproxyRequests.GetMapEntries(Map)), Key, e => e.Key, key => $"Map '{Map}' has no entry with key '{key}'.");
    }
}
