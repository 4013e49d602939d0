using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists crt-list entries with their line numbers (<c>show ssl crt-list -n &lt;crtlist&gt;</c>), of the
/// crt-lists named, or of every one (<c>show ssl crt-list</c>: a <c>bind … crt</c> file or directory is a crt-list of
/// its own name).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyCrtListEntry")]
[OutputType(typeof(HaproxyCrtListEntry))]
public sealed class GetHaproxyCrtListEntryCommand : HaproxySessionCmdlet
{
    /// <summary>crt-list name(s), wildcards allowed; all when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.CrtListCompleter))]
    public string[]? CrtList { get; set; }

    /// <summary>Only the entries of these certificate(s), wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.CertificateCompleter))]
    public string[]? Certificate { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var lists = Invoke(session, HaproxyRequests.GetCrtLists());
        var patterns = Certificate?.Select(c => new WildcardPattern(c)).ToList();
        foreach (var list in WildcardFilter.Apply(WriteError, lists, CrtList, l => l, "crt-list").ToList())
        {
            Guarded(() =>
            {
                IEnumerable<HaproxyCrtListEntry> entries = Invoke(session, HaproxyRequests.GetCrtListEntries(list));
                if (patterns != null) entries = entries.Where(e => patterns.Any(p => p.IsMatch(e.Certificate)));
                WriteObject(entries.ToList(), enumerateCollection: true);
            }, list);
        }
    }
}
