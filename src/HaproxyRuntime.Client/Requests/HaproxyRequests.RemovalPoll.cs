using System;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Requests;

public static partial class HaproxyRequests
{
    /// <summary>
    /// What <c>wait … srv-removable</c> does, for HAProxy before 3.0, which has no <c>wait</c>: <c>show stat b 4 -1</c>
    /// polled (see <see cref="CliRequest.RepeatFor"/>) until the server is in maintenance with no session, queued
    /// request or idle connection — what <c>del server</c> checks there (2.6 server.c cli_parse_delete_server) — for
    /// up to <paramref name="timeout"/>. Like <c>wait</c>, it fails at once when the server is not in maintenance.
    /// </summary>
    public static CliRequest<CliDone> PollServerRemovable(string backend, string name, TimeSpan timeout)
    {
        string target = ServerTarget(backend, name);
        return PolledServerStats(backend, target, "Wait until server is removable", timeout,
            $"HAProxy before 3.0 has no 'wait': polling {target}'s sessions with 'show stat' for up to {HaproxyDuration.ToCli(timeout)} instead.",
            (rows, c) =>
            {
                var row = ServerRow(rows, name, target, c);
                // "MAINT", "MAINT (via b/s)", "MAINT (resolution)": every form of SRV_ADMF_MAINT, which del server checks.
                string status = Field(row, "status");
                if (!status.StartsWith("MAINT", StringComparison.Ordinal))
                {
                    throw new HaproxyCommandException(
                        $"Server '{target}' is not in maintenance (status {status}); only servers in maintenance mode can be deleted.",
                        HaproxyErrorKind.NotRemovable, c.Line, string.Empty);
                }
                long sessions = Count(row, "scur"), queued = Count(row, "qcur");
                long idle = Count(row, "idle_conn_cur") + Count(row, "safe_conn_cur");
                if (sessions == 0 && queued == 0 && idle == 0) return CliDone.Value;
                throw NotYet($"Wait delay expired: server '{target}' still has {sessions} session(s), {queued} queued request(s) and {idle} idle connection(s) after {HaproxyDuration.ToCli(timeout)}.", c);
            });
    }

    /// <summary>
    /// Waits (a polled <c>show stat b 4 -1</c>) until server <paramref name="name"/> is idle: no session and no queued
    /// request left, what a drained server (state drain or maint) reaches once its clients are done. Unlike
    /// <see cref="WaitServerRemovable"/> it asks nothing of the server's state, and idle connections to it, which carry
    /// no request, do not count.
    /// </summary>
    public static CliRequest<CliDone> WaitServerIdle(string backend, string name, TimeSpan timeout)
    {
        string target = ServerTarget(backend, name);
        return PolledServerStats(backend, target, "Wait until server is idle", timeout,
            $"Polling {target}'s sessions with 'show stat' for up to {HaproxyDuration.ToCli(timeout)} until none is left.",
            (rows, c) =>
            {
                var row = ServerRow(rows, name, target, c);
                long sessions = Count(row, "scur"), queued = Count(row, "qcur");
                if (sessions == 0 && queued == 0) return CliDone.Value;
                throw NotYet($"Server '{target}' still has {sessions} session(s) and {queued} queued request(s) after {HaproxyDuration.ToCli(timeout)}.", c);
            });
    }
}
