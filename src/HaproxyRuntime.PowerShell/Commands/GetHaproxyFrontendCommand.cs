using System.Management.Automation;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists frontends with their status (OPEN/STOP), session figures and maxconn (FRONTEND rows of <c>show stat</c>).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyFrontend")]
[OutputType(typeof(HaproxyFrontend))]
public sealed class GetHaproxyFrontendCommand : HaproxyListCmdlet<HaproxyFrontend>
{
    public GetHaproxyFrontendCommand() : base(HaproxyRequests.GetFrontends, f => new[] { f.Name }, "Frontend") { }
}
