using System.Management.Automation;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns the HTTP caches with their live entries (<c>show cache</c>, admin level).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyCache")]
[OutputType(typeof(HaproxyCache))]
public sealed class GetHaproxyCacheCommand : HaproxyListCmdlet<HaproxyCache>
{
    public GetHaproxyCacheCommand() : base(HaproxyRequests.GetCaches, c => new[] { c.Name }, "Cache") { }
}
