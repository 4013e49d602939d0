using System.Management.Automation;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists the maps (<c>show map</c>): id, file, entry count and versions.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyMap")]
[OutputType(typeof(HaproxyMap))]
public sealed class GetHaproxyMapCommand : HaproxyListCmdlet<HaproxyMap>
{
    public GetHaproxyMapCommand() : base(HaproxyRequests.GetMaps, WildcardFilter.PatternSetNames, "Map") { }
}
