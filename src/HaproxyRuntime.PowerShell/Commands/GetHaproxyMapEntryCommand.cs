using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Commands;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists a map's entries (<c>show map</c>), optionally only those with the given key(s).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyMapEntry")]
[OutputType(typeof(HaproxyMapEntry))]
public sealed class GetHaproxyMapEntryCommand : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Map { get; set; } = string.Empty;

    /// <summary>Exact key(s) to return (compared as HAProxy stores them, case-sensitive).</summary>
    [Parameter(Position = 1)]
    public string[]? Key { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var entries = Invoke(session, HaproxyCommands.GetMapEntries(Map));
        if (Key is null)
        {
            WriteObject(entries, enumerateCollection: true);
            return;
        }
        foreach (var key in Key)
        {
            var matches = entries.Where(e => e.Key == key).ToList();
            if (matches.Count == 0)
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"Map '{Map}' has no entry with key '{key}'."),
                    ErrorIds.ObjectNotFound, ErrorCategory.ObjectNotFound, key));
            }
            WriteObject(matches, enumerateCollection: true);
        }
    }
}
