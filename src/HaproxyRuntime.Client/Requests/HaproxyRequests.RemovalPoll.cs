using System;
using System.Collections.Generic;
using System.Globalization;
using HaproxyRuntime.Client.Answers;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Parsing;
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
        CheckWaitTimeout(timeout);
        string b = CliArgument.Name(backend, "Backend");
        return new CliRequest<CliDone>($"show stat {b} 4 -1", false, "Wait until server is removable", target,
                (r, c) => JudgeRemovable(HaproxyAnswers.ShowStat.Data(r, c), name, c, timeout))
            .Polled(timeout, $"HAProxy before 3.0 has no 'wait': polling {target}'s sessions with 'show stat' for up to {HaproxyDuration.ToCli(timeout)} instead.");
    }

    private static CliDone JudgeRemovable(IReadOnlyList<string> lines, string name, CliRequest request, TimeSpan timeout)
    {
        foreach (var row in StatCsvParser.Rows(lines))
        {
            if (!row.TryGetValue("svname", out var svname) || svname != name) continue;
            // "MAINT", "MAINT (via b/s)", "MAINT (resolution)": every form of SRV_ADMF_MAINT, which del server checks.
            string status = row.TryGetValue("status", out var s) ? s : string.Empty;
            if (!status.StartsWith("MAINT", StringComparison.Ordinal))
            {
                throw new HaproxyCommandException(
                    $"Server '{request.Target}' is not in maintenance (status {status}); only servers in maintenance mode can be deleted.",
                    HaproxyErrorKind.NotRemovable, request.Line, string.Empty);
            }
            long sessions = Count(row, "scur"), queued = Count(row, "qcur");
            long idle = Count(row, "idle_conn_cur") + Count(row, "safe_conn_cur");
            if (sessions == 0 && queued == 0 && idle == 0) return CliDone.Value;
            throw new HaproxyCommandException(
                $"Wait delay expired: server '{request.Target}' still has {sessions} session(s), {queued} queued request(s) and {idle} idle connection(s) after {HaproxyDuration.ToCli(timeout)}.",
                HaproxyErrorKind.Timeout, request.Line, string.Empty);
        }
        throw new HaproxyCommandException($"No such server: '{request.Target}'.", HaproxyErrorKind.NotFound, request.Line, string.Empty);
    }

    // An empty field (a figure this HAProxy does not report) counts as none.
    private static long Count(IReadOnlyDictionary<string, string> row, string column) =>
        row.TryGetValue(column, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : 0;
}
