using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns the peers of the peers sections with their state (<c>show peers</c>).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyPeer")]
[OutputType(typeof(HaproxyPeer))]
public sealed class GetHaproxyPeerCommand : HaproxySessionCmdlet
{
    /// <summary>Peers section name(s); wildcards allowed. All sections when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.PeerSectionCompleter))]
    public string[]? Section { get; set; }

    /// <summary>Peer name(s) within the sections; wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var all = Invoke(session, HaproxyRequests.GetPeers());
        var inSections = WildcardFilter.Apply(WriteError, all, Section, p => p.Section, "Peers section").ToList();
        WriteObject(WildcardFilter.Apply(WriteError, inSections, Name, p => p.Name, "Peer").ToList(), enumerateCollection: true);
    }
}
