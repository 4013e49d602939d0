using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns the nameservers of the resolvers sections with their counters (<c>show resolvers</c>).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyResolver")]
[OutputType(typeof(HaproxyResolverNameserver))]
public sealed class GetHaproxyResolverCommand : HaproxySessionCmdlet
{
    /// <summary>Resolvers section name(s); wildcards allowed. All sections when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [Alias("Resolver")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.ResolversCompleter))]
    public string[]? Resolvers { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var all = Invoke(session, HaproxyRequests.GetResolvers());
        WriteObject(WildcardFilter.Apply(WriteError, all, Resolvers, n => n.Resolvers, "Resolvers section").ToList(), enumerateCollection: true);
    }
}
