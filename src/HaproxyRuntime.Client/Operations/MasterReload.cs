using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.Client.Operations;

/// <summary>
/// A reload through the master CLI, with its true outcome. From 3.0 the master answers the reload itself once the new
/// worker is up or the load failed ("Success=0|1" and the startup log). A 2.6 master answers nothing and re-executes:
/// the outcome is then read from <c>show proc</c>, whose master row counts the reloads and the failed ones.
/// </summary>
public static class MasterReload
{
    /// <summary>Reloads and returns HAProxy's verdict; a failed reload throws (InvalidOperation) with the startup
    /// log's warnings and alerts in its message, HAProxy still running the previous configuration.</summary>
    public static HaproxyReloadResult Run(HaproxySession session, bool hard, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var request = HaproxyRequests.Reload(hard, wait);
        bool statusless = !Capabilities.HaproxyCapabilities.Supports(
            Capabilities.HaproxyCapabilities.ParseVersion(session.MasterVersion ?? session.Version ?? ""), Capabilities.HaproxyFeature.ReloadStatus);
        HaproxyProcess? masterBefore = statusless ? session.Execute(HaproxyRequests.GetProcesses(), cancellationToken)[0] : null;
        HaproxyReloadResult? result;
        try
        {
            result = session.Execute(request, cancellationToken);
        }
        catch (HaproxyException) when (statusless)
        {
            // A 2.6 master closes every CLI connection as it re-executes; the connection's end is no verdict.
            result = null;
        }
        if (result is null)
        {
            if (!statusless)
            {
                throw new HaproxyCommandException(
                    $"The master CLI answered nothing to '{request.Text}': it reloads only for an operator- or admin-level socket. Nothing was reloaded.",
                    HaproxyErrorKind.PermissionDenied, request.Line, string.Empty);
            }
            result = AwaitStatuslessReload(session, masterBefore!, wait, request, cancellationToken);
        }
        if (!result.Success)
        {
            throw new HaproxyCommandException(Failure(result), HaproxyErrorKind.InvalidOperation, request.Line,
                string.Join("\n", result.Log.Select(e => e.ToString())));
        }
        return result;
    }

    private static string Failure(HaproxyReloadResult result)
    {
        var worst = result.Log.Where(e => e.Level is "ALERT" or "WARNING").Select(e => $"[{e.Level}] {e.Message}").ToList();
        string log = worst.Count > 0 ? " HAProxy's startup log: " + string.Join(" ", worst)
            : result.Log.Count > 0 ? " HAProxy's startup log: " + string.Join(" ", result.Log.Select(e => e.ToString()))
            : " The master keeps no startup log for it (see HAProxy's own log).";
        return "The reload failed: HAProxy still runs the previous configuration and workers." + log;
    }

    /// <summary>A 2.6 master: polls <c>show proc</c> until the master's reload count moved on; the failed-reload count
    /// tells the verdict.</summary>
    private static HaproxyReloadResult AwaitStatuslessReload(HaproxySession session, HaproxyProcess before, TimeSpan wait,
                                                             Protocol.CliRequest request, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var master = session.Execute(HaproxyRequests.GetProcesses(), cancellationToken)[0];
                if (master.Reloads > before.Reloads || master.FailedReloads > before.FailedReloads)
                {
                    bool failed = master.FailedReloads > before.FailedReloads;
                    return new HaproxyReloadResult(!failed, Array.Empty<HaproxyStartupLogEntry>());
                }
            }
            catch (HaproxyConnectionException)
            {
                // The master is re-executing: its socket is briefly gone.
            }
            if (clock.Elapsed > wait)
            {
                throw new HaproxyTimeoutException(
                    $"The master did not report the reload within {wait.TotalSeconds:0.###} s; its outcome is unknown (Get-HaproxyProcess shows the workers).", request.Line);
            }
            if (cancellationToken.WaitHandle.WaitOne(200)) cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
