using System.Management.Automation;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists backends with their status and publication state.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyBackend")]
[OutputType(typeof(HaproxyBackend))]
public sealed class GetHaproxyBackendCommand : HaproxyListCmdlet<HaproxyBackend>
{
    public GetHaproxyBackendCommand() : base(HaproxyRequests.GetBackends, b => new[] { b.Name }, "Backend") { }
}
