using System;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Deletes a dynamic server. HAProxy requires it to be in maintenance with no connection attached
/// (see Set-HaproxyServerState -State Maint and Wait-HaproxyRemovable). With -Drain it does all of it safely in one
/// command: drain → maint → (-Force: close its streams) → wait up to -Timeout → delete; if the wait times out the
/// server is left in maintenance, never half-deleted.</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyServer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveHaproxyServerCommand : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.BackendCompleter))]
    public string Backend { get; set; } = string.Empty;

    /// <summary>The server; or give 'backend/server' as -Backend.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Server")]
    [ArgumentCompleter(typeof(Completion.ServerCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>Take the server out of service first (drain, maint, wait until removable), then delete it.</summary>
    [Parameter]
    public SwitchParameter Drain { get; set; }

    /// <summary>With -Drain: how long to wait for connections to leave (2s, 30s, a TimeSpan or seconds).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>With -Drain: close the server's remaining streams instead of waiting for them.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>With -Drain: how long the server drains before maintenance (2s, 1m, a TimeSpan or seconds). While it
    /// drains, clients that stick to it (persistence) still reach it; new clients go to the other servers.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan DrainFor { get; set; }

    /// <summary>With -Drain over several sessions (nodes): -BatchSize nodes at a time, each batch's removal done (its
    /// waits included) before the next starts; a node that fails stops the roll.</summary>
    [Parameter]
    public SwitchParameter Rolling { get; set; }

    /// <summary>With -Rolling: how many nodes remove the server at once (1 by default).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int BatchSize { get; set; } = 1;

    protected override int? RollingBatchSize => Rolling ? BatchSize : null;

    protected override void BeginProcessing()
    {
        CheckRollingOptions(Rolling, Rolling && !Drain ? RollingNeedsDrain : null);
        base.BeginProcessing();
    }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var (backend, name) = ServerNames.Resolve(Backend, Name);
        if (Drain)
        {
            var steps = SafeRemoval.ServerSteps(backend, name, Timeout, Force, session.VersionNumber, DrainFor);
            if (RunRemovalPlan(session, "server", $"{backend}/{name}", $"Drain and remove server ('{PlanText(steps)}')", steps))
            {
                WarnWhereRequestsFail(session, new[] { backend });
            }
            return;
        }
        if (DrainFor != TimeSpan.Zero)
        {
            throw new HaproxyArgumentException("DrainFor", "-DrainFor is the drain period of -Drain: give -Drain as well.");
        }
        RefuseWaitOptionsWithoutDrain(Force);
        var command = HaproxyRequests.RemoveServer(backend, name);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
    }
}
