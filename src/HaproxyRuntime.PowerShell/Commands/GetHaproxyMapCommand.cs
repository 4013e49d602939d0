using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists the maps (<c>show map</c>): id, file, entry count and versions.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyMap")]
[OutputType(typeof(HaproxyMap))]
public sealed class GetHaproxyMapCommand : HaproxySessionCmdlet
{
    /// <summary>Map file name(s) or #id, wildcards allowed.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var maps = Invoke(session, HaproxyRequests.GetMaps());
        WriteObject(WildcardFilter.Apply(this, maps, Name, WildcardFilter.PatternSetNames, "Map").ToList(), enumerateCollection: true);
    }
}
