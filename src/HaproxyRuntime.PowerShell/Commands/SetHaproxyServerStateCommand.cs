using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Sets a server's administrative state: Ready, Drain (no new traffic) or Maint (out of service). Over several
/// nodes, -Rolling takes the server out on -BatchSize nodes at a time, each batch drained before the next starts.</summary>
[Cmdlet(VerbsCommon.Set, "HaproxyServerState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HaproxyServer))]
public sealed class SetHaproxyServerStateCommand : HaproxyServerChangeCmdlet
{
    [Parameter(Mandatory = true, Position = 2)]
    public HaproxyServerState State { get; set; }

    /// <summary>Drain or Maint over several sessions (nodes): -BatchSize nodes at a time; on each, the state is set, then
    /// the server's remaining sessions are waited for (-Timeout); the next batch starts only when the last is done.</summary>
    [Parameter]
    public SwitchParameter Rolling { get; set; }

    /// <summary>With -Rolling: how many nodes change at once (1 by default).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int BatchSize { get; set; } = 1;

    /// <summary>With -Rolling: how long each node's server may take to have no session left (2s, 1m, a TimeSpan or
    /// seconds; 30 s by default). A node that takes longer stops the roll.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    protected override bool TakesOutOfService => State != HaproxyServerState.Ready;

    protected override int? RollingBatchSize => Rolling ? BatchSize : null;

    protected override void BeginProcessing()
    {
        CheckRollingOptions(Rolling,
            Rolling && State == HaproxyServerState.Ready
                ? ("Rolling", "-Rolling takes a server out node by node (-State Drain or Maint); putting it back (Ready) takes nothing out: run it without -Rolling.")
                : !Rolling && MyInvocation.BoundParameters.ContainsKey("Timeout")
                    ? ("Timeout", "-Timeout is how long -Rolling waits for each node's server to have no session left: give -Rolling as well.")
                    : null);
        base.BeginProcessing();
    }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (!Rolling)
        {
            base.ProcessRecordWithSession(session);
            return;
        }
        // Rolling: sent at once and waited for on this node (not queued), so the batch is done when this returns.
        var (backend, name) = ServerNames.Resolve(Backend, Name);
        var command = BuildCommands(backend, name).Single();
        var idle = HaproxyRequests.WaitServerIdle(backend, name, Timeout);
        if (!ShouldProcess(command.Target, $"{command.Action} ('{command.DisplayText}'), then wait up to {HaproxyDuration.ToCli(Timeout)} until it has no session left")) return;
        Invoke(session, command);
        InvokeWait(session, idle, Timeout, "have no session left");
        WarnWhereRequestsFail(session, new[] { backend });
        if (PassThru && ReadServer(session, backend, name) is { } server) WriteObject(server);
    }

    protected override IEnumerable<CliRequest<CliDone>> BuildCommands(string backend, string name) => new[] { HaproxyRequests.SetServerState(backend, name, State) };
}
