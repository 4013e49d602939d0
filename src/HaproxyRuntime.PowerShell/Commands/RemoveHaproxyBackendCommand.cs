using System;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Deletes a dynamic backend. HAProxy requires it to be unpublished, without servers and removable
/// (see Wait-HaproxyRemovable). With -Drain it does all of it in one command: unpublish → remove the map entries that
/// route to it (-Map) → remove each server safely (drain, maint, wait, delete) → wait until the backend is removable →
/// delete. Requests go to the frontend's default backend from the first step on: none fails.</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(void))]
public sealed class RemoveHaproxyBackendCommand : HaproxyProxyCmdlet<HaproxyBackend>
{
    public RemoveHaproxyBackendCommand() : base(b => b.Name) { }

    /// <summary>Unpublish it and remove its servers safely first.</summary>
    [Parameter]
    public SwitchParameter Drain { get; set; }

    /// <summary>With -Drain: how long each wait may take (2s, 30s, a TimeSpan or seconds).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>With -Drain: close the servers' remaining streams instead of waiting for them.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>With -Drain: maps whose entries route to the backend (their value is its name); those entries are
    /// removed once it is unpublished, so none is left pointing at a deleted backend.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.MapCompleter))]
    public string[]? Map { get; set; }

    /// <summary>With -Drain over several sessions (nodes): -BatchSize nodes at a time, each batch's removal done (its
    /// waits included) before the next starts; a node that fails stops the roll.</summary>
    [Parameter]
    public SwitchParameter Rolling { get; set; }

    /// <summary>With -Rolling: how many nodes remove the backend at once (1 by default).</summary>
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
        if (Drain)
        {
            // Probe first (read-only), so a backend HAProxy can never delete at run time is refused before the plan
            // cuts its traffic.
            RunOperation(session, ProxyName, sending => SafeRemoval.RefuseConfiguredBackend(session, ProxyName, CancelToken, sending));
            var servers = Invoke(session, HaproxyRequests.GetServers(ProxyName)).Select(s => s.Name).ToList();
            var routes = Map is null ? null : RunOperation(session, ProxyName, sending => SafeRemoval.FindRoutes(session, ProxyName, Map, CancelToken, sending));
            var steps = SafeRemoval.BackendSteps(ProxyName, servers, Timeout, Force, routes);
            RunRemovalPlan(session, "backend", ProxyName,
                $"Drain and remove backend with its {servers.Count} server(s) ({steps.Count} steps: {PlanText(steps)})", steps);
            return;
        }
        if (Map != null)
        {
            throw new HaproxyArgumentException("Map", "-Map removes the backend's routes as part of -Drain: give -Drain as well, or remove the entries with Remove-HaproxyMapEntry.");
        }
        RefuseWaitOptionsWithoutDrain(Force);
        var command = HaproxyRequests.RemoveBackend(ProxyName);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
    }
}
