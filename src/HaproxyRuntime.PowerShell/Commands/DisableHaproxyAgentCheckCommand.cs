using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Disables a server's agent check (<c>disable agent</c>).</summary>
[Cmdlet(VerbsLifecycle.Disable, "HaproxyAgentCheck", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HaproxyServer))]
public sealed class DisableHaproxyAgentCheckCommand : HaproxyServerChangeCmdlet
{
    protected override IEnumerable<CliRequest<CliDone>> BuildCommands(string backend, string name) => new[] { HaproxyRequests.DisableAgentCheck(backend, name) };
}
