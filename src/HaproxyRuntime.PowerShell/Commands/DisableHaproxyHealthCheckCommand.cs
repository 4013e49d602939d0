using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Disables a server's health check (<c>disable health</c>).</summary>
[Cmdlet(VerbsLifecycle.Disable, "HaproxyHealthCheck", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HaproxyServer))]
public sealed class DisableHaproxyHealthCheckCommand : HaproxyServerChangeCmdlet
{
    protected override IEnumerable<CliRequest<CliDone>> BuildCommands(string backend, string name) => new[] { HaproxyRequests.DisableHealthCheck(backend, name) };
}
