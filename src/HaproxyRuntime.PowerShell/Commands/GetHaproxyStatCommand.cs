using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns the statistics of frontends, backends, servers and listeners (<c>show stat</c>): one object per
/// row, every field typed.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyStat")]
[OutputType(typeof(HaproxyStat))]
public sealed class GetHaproxyStatCommand : HaproxySessionCmdlet
{
    /// <summary>Proxy (frontend, backend, listen section) name(s); wildcards allowed. All proxies when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.ProxyCompleter))]
    public string[]? Name { get; set; }

    /// <summary>The kinds of row to return; all when omitted.</summary>
    [Parameter]
    public HaproxyStatType[]? Type { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (Name != null && Name.All(n => !WildcardPattern.ContainsWildcardCharacters(n)))
        {
            // Exact names: HAProxy dumps just that proxy (show stat <proxy> <mask> -1), which costs it less on a big
            // fleet, and says when it does not exist. One unknown name does not hide the others.
            foreach (var name in Name)
            {
                try
                {
                    WriteObject(Invoke(session, HaproxyRequests.GetStats(name, Type)), enumerateCollection: true);
                }
                catch (HaproxyCommandException ex) when (ex.Kind == HaproxyErrorKind.NotFound)
                {
                    WriteFailure(ex, name);
                }
            }
            return;
        }
        List<HaproxyStat> all = Invoke(session, HaproxyRequests.GetStats(null, Type));
        WriteObject(WildcardFilter.Apply(WriteError, all, Name, s => s.ProxyName, "Proxy").ToList(), enumerateCollection: true);
    }
}
