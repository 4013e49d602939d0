using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Closes every stream (client connection) using a server, at once (<c>shutdown sessions server</c>). Used to
/// empty a server in maintenance that long-lived connections keep from becoming removable.</summary>
[Cmdlet(VerbsLifecycle.Stop, "HaproxyServerStreams", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(HaproxyServer))]
public sealed class StopHaproxyServerStreamsCommand : HaproxyServerChangeCmdlet
{
    protected override IEnumerable<CliRequest<CliDone>> BuildCommands(string backend, string name) => new[] { HaproxyRequests.ShutdownServerStreams(backend, name) };
}
