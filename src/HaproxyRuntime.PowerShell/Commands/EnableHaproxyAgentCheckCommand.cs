using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Enables a server's configured agent check (<c>enable agent</c>); the server must have an agent configured.</summary>
[Cmdlet(VerbsLifecycle.Enable, "HaproxyAgentCheck", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HaproxyServer))]
public sealed class EnableHaproxyAgentCheckCommand : HaproxyServerChangeCmdlet
{
    protected override IEnumerable<CliRequest<CliDone>> BuildCommands(string backend, string name) => new[] { HaproxyRequests.EnableAgentCheck(backend, name) };
}
