using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists frontends with their status (OPEN/STOP), session figures and maxconn (FRONTEND rows of <c>show stat</c>).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyFrontend")]
[OutputType(typeof(HaproxyFrontend))]
public sealed class GetHaproxyFrontendCommand : HaproxySessionCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var frontends = Invoke(session, HaproxyRequests.GetFrontends());
        WriteObject(WildcardFilter.Apply(this, frontends, Name, f => f.Name, "Frontend").ToList(), enumerateCollection: true);
    }
}
