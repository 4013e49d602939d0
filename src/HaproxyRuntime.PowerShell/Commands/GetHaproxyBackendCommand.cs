using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists backends with their status and publication state.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyBackend")]
[OutputType(typeof(HaproxyBackend))]
public sealed class GetHaproxyBackendCommand : HaproxySessionCmdlet
{
    /// <summary>Backend name(s), wildcards allowed. Not bound from piped objects' Name: a server's Name is not a backend.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var backends = Invoke(session, HaproxyRequests.GetBackends());
        WriteObject(WildcardFilter.Apply(this, backends, Name, b => b.Name, "Backend").ToList(), enumerateCollection: true);
    }
}
