using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Enables the configured health check of a server (<c>enable health</c>); the server must have been added with a check.</summary>
[Cmdlet(VerbsLifecycle.Enable, "HaproxyHealthCheck", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HaproxyServer))]
public sealed class EnableHaproxyHealthCheckCommand : HaproxyServerChangeCmdlet
{
    protected override IEnumerable<CliRequest<CliDone>> BuildCommands(string backend, string name) => new[] { HaproxyRequests.EnableHealthCheck(backend, name) };
}
