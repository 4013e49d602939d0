using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Puts a server into maintenance (<c>disable server</c>).</summary>
[Cmdlet(VerbsLifecycle.Disable, "HaproxyServer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HaproxyServer))]
public sealed class DisableHaproxyServerCommand : HaproxyServerChangeCmdlet
{
    protected override bool TakesOutOfService => true;

    protected override IEnumerable<CliRequest<CliDone>> BuildCommands(string backend, string name) => new[] { HaproxyRequests.DisableServer(backend, name) };
}
