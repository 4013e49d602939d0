using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Sets a server's administrative state: Ready, Drain (no new traffic) or Maint (out of service).</summary>
[Cmdlet(VerbsCommon.Set, "HaproxyServerState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HaproxyServer))]
public sealed class SetHaproxyServerStateCommand : HaproxyServerChangeCmdlet
{
    [Parameter(Mandatory = true, Position = 2)]
    public HaproxyServerState State { get; set; }

    protected override bool TakesOutOfService => State != HaproxyServerState.Ready;

    protected override IEnumerable<CliRequest<CliDone>> BuildCommands(string backend, string name) => new[] { HaproxyRequests.SetServerState(backend, name, State) };
}
