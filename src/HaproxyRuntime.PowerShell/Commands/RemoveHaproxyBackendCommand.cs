using System;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Deletes a dynamic backend. HAProxy requires it to be unpublished, without servers and removable
/// (see Wait-HaproxyRemovable). With -Drain it does all of it in one command: unpublish → remove each server safely
/// (drain, maint, wait, delete) → wait until the backend is removable → delete.</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(void))]
public sealed class RemoveHaproxyBackendCommand : HaproxyBackendChangeCmdlet
{
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

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (Drain)
        {
            // Probe first (read-only): HAProxy checks "other configuration elements point to it" before anything else,
            // so a backend from the configuration is refused here, before its traffic is cut by the plan.
            RefuseConfigurationBackend(session);
            var servers = Invoke(session, HaproxyRequests.GetServers(BackendName)).Select(s => s.Name).ToList();
            var steps = SafeRemoval.BackendSteps(BackendName, servers, Timeout, Force);
            if (!ShouldProcess(BackendName, $"Drain and remove backend with its {servers.Count} server(s) ({steps.Count} steps: " + string.Join("; ", steps.Select(s => s.Text)) + ")")) return;
            RunSteps(session, steps, $"Removing backend {BackendName}");
            return;
        }
        var command = HaproxyRequests.RemoveBackend(BackendName);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
    }

    private void RefuseConfigurationBackend(HaproxySession session)
    {
        try
        {
            Invoke(session, HaproxyRequests.WaitBackendRemovable(BackendName, TimeSpan.FromMilliseconds(1)));
        }
        catch (HaproxyCommandException ex) when (ex.Kind == HaproxyErrorKind.NotRemovable &&
                                                 ex.Message.IndexOf("configuration elements", StringComparison.Ordinal) >= 0)
        {
            throw new HaproxyCommandException(
                $"'{BackendName}' is referenced by the configuration and can never be removed at run time; nothing was changed. ({ex.Message})",
                ex.Kind, ex.CommandLine ?? string.Empty, ex.Response);
        }
        catch (HaproxyCommandException ex) when (ex.Kind == HaproxyErrorKind.NotRemovable || ex.Kind == HaproxyErrorKind.Timeout)
        {
            // Published, still has servers or connections: exactly what the plan takes care of.
        }
    }
}
