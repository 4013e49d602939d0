using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Takes a server out of maintenance (<c>enable server</c>). Dynamic servers start in maintenance.</summary>
[Cmdlet(VerbsLifecycle.Enable, "HaproxyServer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HaproxyServer))]
public sealed class EnableHaproxyServerCommand : HaproxyServerChangeCmdlet
{
    protected override IEnumerable<CliRequest<CliDone>> BuildCommands(string backend, string name) => new[] { HaproxyRequests.EnableServer(backend, name) };
}
