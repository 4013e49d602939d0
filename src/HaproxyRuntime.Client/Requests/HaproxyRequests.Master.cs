using System;
using System.Collections.Generic;
using HaproxyRuntime.Client.Answers;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Requests;

/// <summary>Master CLI commands (sent to the master process itself, see <see cref="CliRequest.ForMaster"/>).</summary>
public static partial class HaproxyRequests
{
    /// <summary><c>show proc</c>: the master, its current workers and the old ones still running.</summary>
    public static CliRequest<List<HaproxyProcess>> GetProcesses() =>
        new CliRequest<List<HaproxyProcess>>("show proc", false, "Read processes", "master", (r, c) =>
        {
            if (r.IsEmpty)
            {
                throw new HaproxyCommandException(
                    "The master CLI answered nothing to 'show proc': it lists the processes only to an operator- or admin-level socket (haproxy -S <socket>,level,admin).",
                    HaproxyErrorKind.PermissionDenied, c.Line, string.Empty);
            }
            if (r.Lines[0].StartsWith("#<PID>", StringComparison.Ordinal)) return MasterParsers.Processes(r.Lines);
            HaproxyAnswers.ShowProc.Judge(r, c);
            throw HaproxyErrorClassifier.ToException(r, c);
        }).OnMaster();

    /// <summary><c>reload</c> (or <c>hard-reload</c>: old workers are stopped at once instead of finishing their
    /// connections): the master loads the configuration again and answers once the new worker is up or the load
    /// failed — up to <paramref name="wait"/>. Null when it answered nothing, as a master before 3.0 does.</summary>
    public static CliRequest<HaproxyReloadResult?> Reload(bool hard, TimeSpan wait)
    {
        string verb = hard ? "hard-reload" : "reload";
        var request = new CliRequest<HaproxyReloadResult?>(verb, true, hard ? "Reload (old workers stopped at once)" : "Reload", "HAProxy", (r, c) =>
        {
            if (r.IsEmpty) return null;
            var result = MasterParsers.Reload(r.Lines);
            if (result != null) return result;
            HaproxyAnswers.Reload.Judge(r, c);
            throw HaproxyErrorClassifier.ToException(r, c);
        }, extraReadTime: wait).OnMaster();
        if (hard) request.Requires(Capabilities.HaproxyFeature.HardReload);
        return request;
    }

    /// <summary><c>show startup-logs</c> on the master: the messages of the last start or reload, a failed one
    /// included (the worker's own command shows only its own start).</summary>
    public static CliRequest<List<HaproxyStartupLogEntry>> GetMasterStartupLog() =>
        new CliRequest<List<HaproxyStartupLogEntry>>("show startup-logs", false, "Read the master's startup log", "master", (r, c) =>
        {
            if (r.IsEmpty) return new List<HaproxyStartupLogEntry>();
            if (ReplyExpectations.IsUnknownCommand(r) || r.FirstLine.StartsWith("Permission denied", StringComparison.Ordinal))
            {
                HaproxyAnswers.ShowStartupLogs.Judge(r, c);
            }
            return ObserveParsers.StartupLog(r.Lines);
        }).OnMaster();
}
