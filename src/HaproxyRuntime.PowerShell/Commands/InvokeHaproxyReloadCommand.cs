using System;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Reloads HAProxy through its master CLI (<c>reload</c>, or <c>hard-reload</c> with -Hard) and reports the
/// true outcome: success, or an error carrying HAProxy's startup log when the new configuration did not load (HAProxy
/// then keeps running the previous one). Warnings of a successful load are written as warnings.</summary>
/// <remarks>ConfirmImpact Medium: a reload is graceful, old workers finish their connections. -Hard asks as a
/// High-impact cmdlet would, since old workers are stopped at once and their connections cut.</remarks>
[Cmdlet(VerbsLifecycle.Invoke, "HaproxyReload", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HaproxyProcess))]
public sealed class InvokeHaproxyReloadCommand : HaproxySessionCmdlet
{
    /// <summary>Stop the old workers at once (<c>hard-reload</c>, HAProxy 3.0+) instead of letting them finish.</summary>
    [Parameter]
    public SwitchParameter Hard { get; set; }

    /// <summary>How long to wait for the new configuration to load and its worker to start (default 60 s).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Return the new current worker(s).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override bool RoutesToWorker => false;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (Worker != null)
        {
            WriteError(ErrorRecordFactory.InvalidArgument("-Worker does not apply to Invoke-HaproxyReload: a reload replaces every worker of the HAProxy behind the master CLI.", Worker));
            return;
        }
        var command = HaproxyRequests.Reload(Hard, Timeout);
        if (!ShouldProcess(command, session.Name)) return;
        if (Hard && !ConfirmHighImpact($"Hard-reload {session.Name}? Old workers are stopped at once and their connections cut.", "Hard reload")) return;
        WriteCliLine(session.Name, command);
        var result = MasterReload.Run(session, Hard, Timeout, CancelToken);
        foreach (var entry in result.Log)
        {
            // Worded apart from the CLI lines -Verbose shows ('[<session>] <line>').
            if (entry.Level is "WARNING" or "ALERT") WriteWarning($"Reload: [{entry.Level}] {entry.Message}");
            else WriteVerbose($"Reload: [{entry.Level}] {entry.Message}");
        }
        if (PassThru)
        {
            var processes = Invoke(session, HaproxyRequests.GetProcesses());
            WriteObject(processes.Where(p => p.Type == HaproxyProcessType.Worker && p.IsCurrent), enumerateCollection: true);
        }
    }
}
