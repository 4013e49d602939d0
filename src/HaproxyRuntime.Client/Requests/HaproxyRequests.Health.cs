using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HaproxyRuntime.Client.Answers;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Requests;

/// <summary>Whether a backend's traffic has a server to go to, as <c>show stat</c> shows it.</summary>
public sealed class HaproxyBackendService
{
    internal HaproxyBackendService(string backend, bool published, IReadOnlyList<string> inService, IReadOnlyList<string> servers)
    {
        Backend = backend;
        Published = published;
        ServersInService = inService;
        Servers = servers;
    }

    public string Backend { get; }

    /// <summary>False for a dynamic backend that is unpublished (HAProxy 3.4): no rule routes to it.</summary>
    public bool Published { get; }

    /// <summary>The servers that take new requests: up (or unchecked), neither in maintenance nor draining, weight above 0.</summary>
    public IReadOnlyList<string> ServersInService { get; }

    /// <summary>Every server of the backend.</summary>
    public IReadOnlyList<string> Servers { get; }

    /// <summary>Requests routed to the backend fail (503): it is published and no server takes them.</summary>
    public bool FailsRequests => Published && ServersInService.Count == 0;
}

public static partial class HaproxyRequests
{
    // Check results that mean the last health check passed (HAProxy's HCHK_STATUS_L4OK, L6OK, L7OK, L7OKC).
    private static readonly string[] PassedChecks = { "L4OK", "L6OK", "L7OK", "L7OKC" };

    /// <summary><c>show stat b -1 -1</c>, read for whether the backend's traffic has a server to go to.</summary>
    public static CliRequest<HaproxyBackendService> GetBackendService(string backend)
    {
        string b = CliArgument.Name(backend, "Backend");
        return new CliRequest<HaproxyBackendService>($"show stat {b} -1 -1", false, "Read backend service", b, (r, c) =>
        {
            bool? published = null;
            var inService = new List<string>();
            var servers = new List<string>();
            foreach (var row in StatCsvParser.Rows(HaproxyAnswers.ShowStat.Data(r, c)))
            {
                if (!row.TryGetValue("pxname", out var px) || px != b || !row.TryGetValue("svname", out var sv)) continue;
                string status = Field(row, "status");
                if (sv == "BACKEND")
                {
                    published = !StatCsvParser.IsUnpublished(status);
                }
                else if (sv != "FRONTEND")
                {
                    servers.Add(sv);
                    if (TakesRequests(row, status)) inService.Add(sv);
                }
            }
            if (published is null) throw new HaproxyCommandException($"No such backend: '{b}'.", HaproxyErrorKind.NotFound, c.Line, string.Empty);
            return new HaproxyBackendService(b, published.Value, inService, servers);
        });
    }

    /// <summary>How many backends are read one <c>show stat b -1 -1</c> each before one read of every backend's row
    /// (<c>show stat -1 2 -1</c>) costs less.</summary>
    public const int BackendServicesReadOneByOne = 4;

    /// <summary>Which of <paramref name="backends"/> are published and have no server taking requests, from one read
    /// of every backend's row (<c>show stat -1 2 -1</c>): its act and bck columns count the active and backup servers
    /// that are up with a non-zero weight (stats-proxy.c), the servers <see cref="GetBackendService"/> finds in service
    /// one by one. A few thousand server rows parsed cost more than this whole read. Backends the dump does not show
    /// (removed meanwhile) are left out.</summary>
    public static CliRequest<List<string>> GetBackendsFailingRequests(IReadOnlyCollection<string> backends)
    {
        var wanted = new HashSet<string>(backends.Select(b => CliArgument.Name(b, "Backend")), StringComparer.Ordinal);
        return new CliRequest<List<string>>("show stat -1 2 -1", false, "Read backend service", string.Join(",", wanted), (r, c) =>
        {
            var failing = new List<string>();
            foreach (var row in StatCsvParser.Rows(HaproxyAnswers.ShowStat.Data(r, c)))
            {
                if (!row.TryGetValue("pxname", out var px) || !wanted.Contains(px) || !row.TryGetValue("svname", out var sv) || sv != "BACKEND") continue;
                if (!StatCsvParser.IsUnpublished(Field(row, "status")) && Count(row, "act") == 0 && Count(row, "bck") == 0) failing.Add(px);
            }
            return failing;
        });
    }

    /// <summary>
    /// Waits (a polled <c>show stat b 4 -1</c>) until server <paramref name="name"/> is healthy: in service (not in
    /// maintenance, not draining, up) and its last health check passed — or it has no health check enabled. A server
    /// that is up but not checked yet (HAProxy's default init-state) is not healthy yet.
    /// </summary>
    public static CliRequest<CliDone> WaitServerHealthy(string backend, string name, TimeSpan timeout)
    {
        string target = ServerTarget(backend, name);
        return PolledServerStats(backend, target, "Wait until server is healthy", timeout,
            $"Polling {target} with 'show stat' for up to {HaproxyDuration.ToCli(timeout)} until it is in service and has passed its health check.",
            (rows, c) =>
            {
                var row = ServerRow(rows, name, target, c);
                if (IsHealthy(row)) return CliDone.Value;
                throw NotYet($"Server '{target}' is not healthy after {HaproxyDuration.ToCli(timeout)}: {Describe(row)}.", c);
            });
    }

    /// <summary>Waits (a polled <c>show stat b 4 -1</c>) until at least one server of the backend is healthy (see
    /// <see cref="WaitServerHealthy"/>); the timeout's message says what each server is instead.</summary>
    public static CliRequest<CliDone> WaitBackendHealthy(string backend, TimeSpan timeout)
    {
        string b = CliArgument.Name(backend, "Backend");
        return PolledServerStats(backend, b, "Wait until backend has a healthy server", timeout,
            $"Polling backend {b} with 'show stat' for up to {HaproxyDuration.ToCli(timeout)} until one of its servers is in service and has passed its health check.",
            (rows, c) =>
            {
                if (rows.Any(IsHealthy)) return CliDone.Value;
                string servers = rows.Count == 0 ? "it has no server" : string.Join("; ", rows.Select(row => $"{row["svname"]}: {Describe(row)}"));
                throw NotYet($"Backend '{b}' has no healthy server after {HaproxyDuration.ToCli(timeout)} ({servers}).", c);
            });
    }

    /// <summary>The one shape of every wait on a backend's servers: <c>show stat b 4 -1</c> (its server rows), polled for
    /// up to <paramref name="timeout"/> while <paramref name="judge"/> throws <see cref="NotYet"/>.</summary>
    private static CliRequest<CliDone> PolledServerStats(string backend, string target, string action, TimeSpan timeout, string note,
                                                         Func<List<IReadOnlyDictionary<string, string>>, CliRequest, CliDone> judge)
    {
        CheckWaitTimeout(timeout);
        string b = CliArgument.Name(backend, "Backend");
        return new CliRequest<CliDone>($"show stat {b} 4 -1", false, action, target,
                (r, c) => judge(StatCsvParser.Rows(HaproxyAnswers.ShowStat.Data(r, c)).Where(row => row.ContainsKey("svname")).ToList(), c))
            .Polled(timeout, note);
    }

    /// <summary>The row of server <paramref name="name"/>, or HAProxy's NotFound in words of its own.</summary>
    private static IReadOnlyDictionary<string, string> ServerRow(List<IReadOnlyDictionary<string, string>> rows, string name, string target, CliRequest request) =>
        rows.FirstOrDefault(row => row["svname"] == name)
        ?? throw new HaproxyCommandException($"No such server: '{target}'.", HaproxyErrorKind.NotFound, request.Line, string.Empty);

    /// <summary>A polled request's "not yet" (see <see cref="CliRequest.RepeatFor"/>): at the deadline, its outcome.</summary>
    private static HaproxyCommandException NotYet(string message, CliRequest request) =>
        new HaproxyCommandException(message, HaproxyErrorKind.Timeout, request.Line, string.Empty);

    private static string Field(IReadOnlyDictionary<string, string> row, string column) =>
        row.TryGetValue(column, out var value) ? value.Trim() : string.Empty;

    // An empty field (a figure this HAProxy does not report) counts as none.
    private static long Count(IReadOnlyDictionary<string, string> row, string column) =>
        long.TryParse(Field(row, column), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : 0;

    // "UP", "UP 1/3" (a check failed, still in service) and "no check" take requests; MAINT, DRAIN, NOLB and DOWN do not
    // (stats-proxy.c stats_fill_sv_computestate). Weight 0 takes none either.
    private static bool TakesRequests(IReadOnlyDictionary<string, string> row, string status) =>
        (status == "UP" || status.StartsWith("UP ", StringComparison.Ordinal) || status == "no check") &&
        !(long.TryParse(Field(row, "weight"), NumberStyles.None, CultureInfo.InvariantCulture, out long weight) && weight == 0);

    private static bool IsHealthy(IReadOnlyDictionary<string, string> row)
    {
        string status = Field(row, "status");
        if (status == "no check") return TakesRequests(row, status);
        // A check in progress is shown with a "* " prefix; its last result is what follows.
        string check = Field(row, "check_status").TrimStart('*', ' ');
        return status == "UP" && PassedChecks.Contains(check) && TakesRequests(row, status);
    }

    private static string Describe(IReadOnlyDictionary<string, string> row)
    {
        string status = Field(row, "status");
        string check = Field(row, "check_status").TrimStart('*', ' ');
        string desc = Field(row, "check_desc");
        if (check.Length == 0) return status;
        return desc.Length == 0 ? $"{status}, check {check}" : $"{status}, check {check} ({desc})";
    }
}
