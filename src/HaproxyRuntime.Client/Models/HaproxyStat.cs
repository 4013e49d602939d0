using System;
using System.Collections.Generic;

namespace HaproxyRuntime.Client.Models;

/// <summary>What a row of <c>show stat</c> describes (HAProxy's <c>type</c> column: its values are the enum's).</summary>
public enum HaproxyStatType
{
    Frontend = 0,
    Backend = 1,
    Server = 2,
    Listener = 3,
}

/// <summary>The first word of a <c>show stat</c> status: frontends and listeners OPEN, FULL, WAITING, PAUSED or STOP;
/// backends UP or DOWN; servers UP, DOWN, NOLB, DRAIN, MAINT or "no check" (stats-proxy.c, listener.c li_status_st).
/// A word this module does not know is <see cref="Unknown"/>; <see cref="HaproxyStat.StatusText"/> keeps the text.</summary>
public enum HaproxyStatStatus
{
    Unknown,
    Open,
    Full,
    Waiting,
    Paused,
    Stop,
    Up,
    Down,
    NoLB,
    Drain,
    Maint,
    NoCheck,
}

/// <summary>
/// One row of <c>show stat</c>: a frontend, backend, server or listener with every figure HAProxy reports. Numbers are
/// null where HAProxy leaves the field empty (a figure that does not apply to the row's type); times are TimeSpans.
/// Columns this module has no property for (statistics modules such as h1/h2/ssl, or columns a newer HAProxy adds) are
/// in <see cref="OtherFields"/>, so a new column never breaks reading.
/// </summary>
public sealed class HaproxyStat : HaproxyObject
{
    private const long Empty = long.MinValue;
    private readonly long[] _numbers;
    private readonly Parsing.StatCsvParser.StatExtraColumns? _extra;
    private readonly string _line;
    private IReadOnlyDictionary<string, string>? _otherFields;

    internal HaproxyStat(long[] numbers, Parsing.StatCsvParser.StatExtraColumns? extra, string line)
    {
        _numbers = numbers;
        _extra = extra;
        _line = line;
    }

    /// <summary>The proxy (frontend, backend or listen section) the row belongs to (<c>pxname</c>).</summary>
    public string ProxyName { get; internal set; } = string.Empty;

    /// <summary>FRONTEND, BACKEND, the server's or the listener's name (<c>svname</c>).</summary>
    public string ServiceName { get; internal set; } = string.Empty;

    public HaproxyStatType Type { get; internal set; }

    /// <summary>The status's first word; null where HAProxy reports none.</summary>
    public HaproxyStatStatus? Status { get; internal set; }

    /// <summary>The status as HAProxy wrote it: "UP 2/3" (a server going down), "MAINT (via b/s)", "DOWN (UNPUB)"
    /// (an unpublished dynamic backend), "DOWN (agent)".</summary>
    public string? StatusText { get; internal set; }

    /// <summary>The last health check's result (L4OK, L7STS, L4CON…), without the "* " HAProxy puts before it while a
    /// check runs (<c>check_status</c>).</summary>
    public string? CheckStatus { get; internal set; }

    /// <summary>A health check is running now (HAProxy's "* " prefix on <c>check_status</c>).</summary>
    public bool CheckInProgress { get; internal set; }

    /// <summary>The last health check's result in words (<c>check_desc</c>).</summary>
    public string? CheckDescription { get; internal set; }

    /// <summary>The last health check's report (<c>last_chk</c>).</summary>
    public string? LastCheck { get; internal set; }

    /// <summary>The last agent check's result, without a running check's "* " (<c>agent_status</c>).</summary>
    public string? AgentStatus { get; internal set; }

    /// <summary>The last agent check's result in words (<c>agent_desc</c>).</summary>
    public string? AgentDescription { get; internal set; }

    /// <summary>The last agent check's report (<c>last_agt</c>).</summary>
    public string? LastAgentCheck { get; internal set; }

    /// <summary>The server this server tracks, as "backend/server" (<c>tracked</c>).</summary>
    public string? Tracked { get; internal set; }

    /// <summary>A server's address:port (<c>addr</c>; shown at operator level and above).</summary>
    public string? Address { get; internal set; }

    /// <summary>A backend's cookie name or a server's cookie value (<c>cookie</c>).</summary>
    public string? Cookie { get; internal set; }

    /// <summary>tcp, http, … (<c>mode</c>).</summary>
    public string? Mode { get; internal set; }

    /// <summary>A backend's load-balancing algorithm (<c>algo</c>).</summary>
    public string? Algorithm { get; internal set; }

    /// <summary>A listener's protocol (<c>proto</c>).</summary>
    public string? Protocol { get; internal set; }

    /// <summary>Connections waiting in the queue now (backends, servers). (<c>qcur</c>)</summary>
    public long? QueueCurrent => Number(Slot.QueueCurrent);

    /// <summary>The most connections ever queued at once. (<c>qmax</c>)</summary>
    public long? QueueMax => Number(Slot.QueueMax);

    /// <summary>Sessions open now. (<c>scur</c>)</summary>
    public long? CurrentSessions => Number(Slot.CurrentSessions);

    /// <summary>The most sessions ever open at once. (<c>smax</c>)</summary>
    public long? MaxSessions => Number(Slot.MaxSessions);

    /// <summary>A frontend's, listener's or server's maxconn; a backend's fullconn. (<c>slim</c>)</summary>
    public long? SessionLimit => Number(Slot.SessionLimit);

    /// <summary>Sessions since the process started. (<c>stot</c>)</summary>
    public long? TotalSessions => Number(Slot.TotalSessions);

    /// <summary>Request bytes received. (<c>bin</c>)</summary>
    public long? BytesIn => Number(Slot.BytesIn);

    /// <summary>Response bytes sent. (<c>bout</c>)</summary>
    public long? BytesOut => Number(Slot.BytesOut);

    /// <summary>Requests denied by a rule. (<c>dreq</c>)</summary>
    public long? DeniedRequests => Number(Slot.DeniedRequests);

    /// <summary>Responses denied by a rule. (<c>dresp</c>)</summary>
    public long? DeniedResponses => Number(Slot.DeniedResponses);

    /// <summary>Invalid requests (frontends, listeners). (<c>ereq</c>)</summary>
    public long? RequestErrors => Number(Slot.RequestErrors);

    /// <summary>Failed connections to a server. (<c>econ</c>)</summary>
    public long? ConnectionErrors => Number(Slot.ConnectionErrors);

    /// <summary>Invalid server responses. (<c>eresp</c>)</summary>
    public long? ResponseErrors => Number(Slot.ResponseErrors);

    /// <summary>Connection retries to a server. (<c>wretr</c>)</summary>
    public long? Retries => Number(Slot.Retries);

    /// <summary>Requests sent to another server after a connection failure. (<c>wredis</c>)</summary>
    public long? Redispatches => Number(Slot.Redispatches);

    /// <summary>A server's effective weight; a backend's sum of its active servers' weights. (<c>weight</c>)</summary>
    public long? Weight => Number(Slot.Weight);

    /// <summary>Active servers up with a weight (a server: 1 when it is active). (<c>act</c>)</summary>
    public long? ActiveServers => Number(Slot.ActiveServers);

    /// <summary>Backup servers up with a weight (a server: 1 when it is a backup). (<c>bck</c>)</summary>
    public long? BackupServers => Number(Slot.BackupServers);

    /// <summary>Failed health checks. (<c>chkfail</c>)</summary>
    public long? CheckFailures => Number(Slot.CheckFailures);

    /// <summary>Transitions from up to down. (<c>chkdown</c>)</summary>
    public long? CheckDowns => Number(Slot.CheckDowns);

    /// <summary>How long ago the state last changed. (<c>lastchg</c>, seconds)</summary>
    public TimeSpan? LastChange => Seconds(Slot.LastChange);

    /// <summary>Time spent down. (<c>downtime</c>, seconds)</summary>
    public TimeSpan? Downtime => Seconds(Slot.Downtime);

    /// <summary>A server's maxqueue. (<c>qlimit</c>)</summary>
    public long? QueueLimit => Number(Slot.QueueLimit);

    /// <summary>The worker's relative process number. (<c>pid</c>)</summary>
    public long? ProcessNumber => Number(Slot.ProcessNumber);

    /// <summary>The proxy's numeric id. (<c>iid</c>)</summary>
    public long? ProxyId => Number(Slot.ProxyId);

    /// <summary>The server's or listener's numeric id (0 for FRONTEND and BACKEND rows). (<c>sid</c>)</summary>
    public long? ServiceId => Number(Slot.ServiceId);

    /// <summary>Percent of its weight and maxconn a server in slowstart gets. (<c>throttle</c>)</summary>
    public long? Throttle => Number(Slot.Throttle);

    /// <summary>Times a server was picked by load balancing. (<c>lbtot</c>)</summary>
    public long? LoadBalanced => Number(Slot.LoadBalanced);

    /// <summary>Sessions in the last second. (<c>rate</c>)</summary>
    public long? SessionRate => Number(Slot.SessionRate);

    /// <summary>A frontend's rate-limit sessions. (<c>rate_lim</c>)</summary>
    public long? SessionRateLimit => Number(Slot.SessionRateLimit);

    /// <summary>The highest session rate seen. (<c>rate_max</c>)</summary>
    public long? SessionRateMax => Number(Slot.SessionRateMax);

    /// <summary>The status code of the last health check (HTTP, SMTP, LDAP). (<c>check_code</c>)</summary>
    public long? CheckCode => Number(Slot.CheckCode);

    /// <summary>How long the last health check took. (<c>check_duration</c>, milliseconds)</summary>
    public TimeSpan? CheckDuration => Milliseconds(Slot.CheckDuration);

    /// <summary>HTTP responses with status 1xx. (<c>hrsp_1xx</c>)</summary>
    public long? HttpResponses1xx => Number(Slot.HttpResponses1xx);

    /// <summary>HTTP responses with status 2xx. (<c>hrsp_2xx</c>)</summary>
    public long? HttpResponses2xx => Number(Slot.HttpResponses2xx);

    /// <summary>HTTP responses with status 3xx. (<c>hrsp_3xx</c>)</summary>
    public long? HttpResponses3xx => Number(Slot.HttpResponses3xx);

    /// <summary>HTTP responses with status 4xx. (<c>hrsp_4xx</c>)</summary>
    public long? HttpResponses4xx => Number(Slot.HttpResponses4xx);

    /// <summary>HTTP responses with status 5xx. (<c>hrsp_5xx</c>)</summary>
    public long? HttpResponses5xx => Number(Slot.HttpResponses5xx);

    /// <summary>HTTP responses with another status. (<c>hrsp_other</c>)</summary>
    public long? HttpResponsesOther => Number(Slot.HttpResponsesOther);

    /// <summary>Failed checks caused by an observe/on-error rule. (<c>hanafail</c>)</summary>
    public long? HealthAnalysisFailures => Number(Slot.HealthAnalysisFailures);

    /// <summary>HTTP requests in the last second. (<c>req_rate</c>)</summary>
    public long? RequestRate => Number(Slot.RequestRate);

    /// <summary>The highest HTTP request rate seen. (<c>req_rate_max</c>)</summary>
    public long? RequestRateMax => Number(Slot.RequestRateMax);

    /// <summary>HTTP requests since the process started. (<c>req_tot</c>)</summary>
    public long? RequestsTotal => Number(Slot.RequestsTotal);

    /// <summary>Transfers aborted by the client. (<c>cli_abrt</c>)</summary>
    public long? ClientAborts => Number(Slot.ClientAborts);

    /// <summary>Transfers aborted by the server. (<c>srv_abrt</c>)</summary>
    public long? ServerAborts => Number(Slot.ServerAborts);

    /// <summary>Bytes fed to the HTTP compressor. (<c>comp_in</c>)</summary>
    public long? CompressionBytesIn => Number(Slot.CompressionBytesIn);

    /// <summary>Bytes the HTTP compressor emitted. (<c>comp_out</c>)</summary>
    public long? CompressionBytesOut => Number(Slot.CompressionBytesOut);

    /// <summary>Bytes that bypassed compression. (<c>comp_byp</c>)</summary>
    public long? CompressionBytesBypassed => Number(Slot.CompressionBytesBypassed);

    /// <summary>HTTP responses compressed. (<c>comp_rsp</c>)</summary>
    public long? CompressedResponses => Number(Slot.CompressedResponses);

    /// <summary>How long ago the last session was seen (null: never). (<c>lastsess</c>, seconds)</summary>
    public TimeSpan? LastSession => Seconds(Slot.LastSession);

    /// <summary>Average time in the queue over the last 1024 requests. (<c>qtime</c>, milliseconds)</summary>
    public TimeSpan? QueueTime => Milliseconds(Slot.QueueTime);

    /// <summary>Average connect time over the last 1024 requests. (<c>ctime</c>, milliseconds)</summary>
    public TimeSpan? ConnectTime => Milliseconds(Slot.ConnectTime);

    /// <summary>Average server response time over the last 1024 requests. (<c>rtime</c>, milliseconds)</summary>
    public TimeSpan? ResponseTime => Milliseconds(Slot.ResponseTime);

    /// <summary>Average total request time over the last 1024 requests. (<c>ttime</c>, milliseconds)</summary>
    public TimeSpan? TotalTime => Milliseconds(Slot.TotalTime);

    /// <summary>The status code of the last agent check. (<c>agent_code</c>)</summary>
    public long? AgentCode => Number(Slot.AgentCode);

    /// <summary>How long the last agent check took. (<c>agent_duration</c>, milliseconds)</summary>
    public TimeSpan? AgentDuration => Milliseconds(Slot.AgentDuration);

    /// <summary>Checks to pass before a server is up (rise). (<c>check_rise</c>)</summary>
    public long? CheckRise => Number(Slot.CheckRise);

    /// <summary>Checks to fail before a server is down (fall). (<c>check_fall</c>)</summary>
    public long? CheckFall => Number(Slot.CheckFall);

    /// <summary>The server's health level (below fall: down). (<c>check_health</c>)</summary>
    public long? CheckHealth => Number(Slot.CheckHealth);

    /// <summary>Agent checks to pass before a server is up. (<c>agent_rise</c>)</summary>
    public long? AgentRise => Number(Slot.AgentRise);

    /// <summary>Agent checks to fail before a server is down. (<c>agent_fall</c>)</summary>
    public long? AgentFall => Number(Slot.AgentFall);

    /// <summary>The server's agent health level. (<c>agent_health</c>)</summary>
    public long? AgentHealth => Number(Slot.AgentHealth);

    /// <summary>Connections accepted in the last second. (<c>conn_rate</c>)</summary>
    public long? ConnectionRate => Number(Slot.ConnectionRate);

    /// <summary>The highest connection rate seen. (<c>conn_rate_max</c>)</summary>
    public long? ConnectionRateMax => Number(Slot.ConnectionRateMax);

    /// <summary>Connections accepted since the process started. (<c>conn_tot</c>)</summary>
    public long? ConnectionsTotal => Number(Slot.ConnectionsTotal);

    /// <summary>Requests answered by HAProxy itself (stats, redirects, returns). (<c>intercepted</c>)</summary>
    public long? InterceptedRequests => Number(Slot.InterceptedRequests);

    /// <summary>Connections denied by a tcp-request connection rule. (<c>dcon</c>)</summary>
    public long? DeniedConnections => Number(Slot.DeniedConnections);

    /// <summary>Sessions denied by a tcp-request session rule. (<c>dses</c>)</summary>
    public long? DeniedSessions => Number(Slot.DeniedSessions);

    /// <summary>Failed HTTP header rewrites. (<c>wrew</c>)</summary>
    public long? FailedRewrites => Number(Slot.FailedRewrites);

    /// <summary>Connection attempts to servers. (<c>connect</c>)</summary>
    public long? ConnectionAttempts => Number(Slot.ConnectionAttempts);

    /// <summary>Server connections reused. (<c>reuse</c>)</summary>
    public long? ConnectionReuses => Number(Slot.ConnectionReuses);

    /// <summary>HTTP cache lookups. (<c>cache_lookups</c>)</summary>
    public long? CacheLookups => Number(Slot.CacheLookups);

    /// <summary>HTTP cache hits. (<c>cache_hits</c>)</summary>
    public long? CacheHits => Number(Slot.CacheHits);

    /// <summary>Idle connections available for reuse on a server. (<c>srv_icur</c>)</summary>
    public long? IdleConnections => Number(Slot.IdleConnections);

    /// <summary>A server's pool-max-conn. (<c>src_ilim</c>)</summary>
    public long? IdleConnectionLimit => Number(Slot.IdleConnectionLimit);

    /// <summary>The longest time in the queue. (<c>qtime_max</c>, milliseconds)</summary>
    public TimeSpan? QueueTimeMax => Milliseconds(Slot.QueueTimeMax);

    /// <summary>The longest connect time. (<c>ctime_max</c>, milliseconds)</summary>
    public TimeSpan? ConnectTimeMax => Milliseconds(Slot.ConnectTimeMax);

    /// <summary>The longest server response time. (<c>rtime_max</c>, milliseconds)</summary>
    public TimeSpan? ResponseTimeMax => Milliseconds(Slot.ResponseTimeMax);

    /// <summary>The longest total request time. (<c>ttime_max</c>, milliseconds)</summary>
    public TimeSpan? TotalTimeMax => Milliseconds(Slot.TotalTimeMax);

    /// <summary>Internal errors. (<c>eint</c>)</summary>
    public long? InternalErrors => Number(Slot.InternalErrors);

    /// <summary>Unsafe idle connections now. (<c>idle_conn_cur</c>)</summary>
    public long? UnsafeIdleConnections => Number(Slot.UnsafeIdleConnections);

    /// <summary>Safe idle connections now. (<c>safe_conn_cur</c>)</summary>
    public long? SafeIdleConnections => Number(Slot.SafeIdleConnections);

    /// <summary>Server connections in use now. (<c>used_conn_cur</c>)</summary>
    public long? UsedConnections => Number(Slot.UsedConnections);

    /// <summary>Estimated connections needed. (<c>need_conn_est</c>)</summary>
    public long? NeededConnections => Number(Slot.NeededConnections);

    /// <summary>A server's configured weight; a backend's sum of them. (<c>uweight</c>)</summary>
    public long? UserWeight => Number(Slot.UserWeight);

    /// <summary>A backend's servers' status gauge (deprecated by HAProxy). (<c>agg_server_check_status</c>)</summary>
    public long? AggregateServerCheckStatus => Number(Slot.AggregateServerCheckStatus);

    /// <summary>A backend's servers' check status gauge. (<c>agg_check_status</c>)</summary>
    public long? AggregateCheckStatus => Number(Slot.AggregateCheckStatus);

    /// <summary>The server id's revision (tells a re-added server from the old one). (<c>srid</c>)</summary>
    public long? ServerRevision => Number(Slot.ServerRevision);

    /// <summary>Sessions other than HTTP. (<c>sess_other</c>)</summary>
    public long? OtherSessions => Number(Slot.OtherSessions);

    /// <summary>HTTP/1 sessions. (<c>h1sess</c>)</summary>
    public long? Http1Sessions => Number(Slot.Http1Sessions);

    /// <summary>HTTP/2 sessions. (<c>h2sess</c>)</summary>
    public long? Http2Sessions => Number(Slot.Http2Sessions);

    /// <summary>HTTP/3 sessions. (<c>h3sess</c>)</summary>
    public long? Http3Sessions => Number(Slot.Http3Sessions);

    /// <summary>Requests other than HTTP. (<c>req_other</c>)</summary>
    public long? OtherRequests => Number(Slot.OtherRequests);

    /// <summary>HTTP/1 requests. (<c>h1req</c>)</summary>
    public long? Http1Requests => Number(Slot.Http1Requests);

    /// <summary>HTTP/2 requests. (<c>h2req</c>)</summary>
    public long? Http2Requests => Number(Slot.Http2Requests);

    /// <summary>HTTP/3 requests. (<c>h3req</c>)</summary>
    public long? Http3Requests => Number(Slot.Http3Requests);

    /// <summary>Private idle connections now. (<c>priv_idle_cur</c>)</summary>
    public long? PrivateIdleConnections => Number(Slot.PrivateIdleConnections);

    /// <summary>Request bytes received. (<c>reqbin</c>)</summary>
    public long? RequestBytesIn => Number(Slot.RequestBytesIn);

    /// <summary>Request bytes sent. (<c>reqbout</c>)</summary>
    public long? RequestBytesOut => Number(Slot.RequestBytesOut);

    /// <summary>Response bytes received. (<c>resbin</c>)</summary>
    public long? ResponseBytesIn => Number(Slot.ResponseBytesIn);

    /// <summary>Response bytes sent. (<c>resbout</c>)</summary>
    public long? ResponseBytesOut => Number(Slot.ResponseBytesOut);

    /// <summary>Columns with no property of their own, by header name, as HAProxy wrote them (read from the row when
    /// first asked for).</summary>
    public IReadOnlyDictionary<string, string> OtherFields => _otherFields ??= _extra is null ? HaproxyFieldDictionary.None : _extra.Read(_line);

    private long? Number(Slot slot) => _numbers[(int)slot] is long v && v != Empty ? v : null;

    private TimeSpan? Milliseconds(Slot slot) => Number(slot) is long v && v >= 0 ? TimeSpan.FromMilliseconds(v) : null;

    // lastsess is -1 for an object that never saw a session.
    private TimeSpan? Seconds(Slot slot) => Number(slot) is long v && v >= 0 ? TimeSpan.FromSeconds(v) : null;

    public override string ToString() => ProxyName + "/" + ServiceName;

    /// <summary>The number columns, in the order of <see cref="NumberColumns"/>.</summary>
    internal enum Slot
    {
        QueueCurrent,
        QueueMax,
        CurrentSessions,
        MaxSessions,
        SessionLimit,
        TotalSessions,
        BytesIn,
        BytesOut,
        DeniedRequests,
        DeniedResponses,
        RequestErrors,
        ConnectionErrors,
        ResponseErrors,
        Retries,
        Redispatches,
        Weight,
        ActiveServers,
        BackupServers,
        CheckFailures,
        CheckDowns,
        LastChange,
        Downtime,
        QueueLimit,
        ProcessNumber,
        ProxyId,
        ServiceId,
        Throttle,
        LoadBalanced,
        SessionRate,
        SessionRateLimit,
        SessionRateMax,
        CheckCode,
        CheckDuration,
        HttpResponses1xx,
        HttpResponses2xx,
        HttpResponses3xx,
        HttpResponses4xx,
        HttpResponses5xx,
        HttpResponsesOther,
        HealthAnalysisFailures,
        RequestRate,
        RequestRateMax,
        RequestsTotal,
        ClientAborts,
        ServerAborts,
        CompressionBytesIn,
        CompressionBytesOut,
        CompressionBytesBypassed,
        CompressedResponses,
        LastSession,
        QueueTime,
        ConnectTime,
        ResponseTime,
        TotalTime,
        AgentCode,
        AgentDuration,
        CheckRise,
        CheckFall,
        CheckHealth,
        AgentRise,
        AgentFall,
        AgentHealth,
        ConnectionRate,
        ConnectionRateMax,
        ConnectionsTotal,
        InterceptedRequests,
        DeniedConnections,
        DeniedSessions,
        FailedRewrites,
        ConnectionAttempts,
        ConnectionReuses,
        CacheLookups,
        CacheHits,
        IdleConnections,
        IdleConnectionLimit,
        QueueTimeMax,
        ConnectTimeMax,
        ResponseTimeMax,
        TotalTimeMax,
        InternalErrors,
        UnsafeIdleConnections,
        SafeIdleConnections,
        UsedConnections,
        NeededConnections,
        UserWeight,
        AggregateServerCheckStatus,
        AggregateCheckStatus,
        ServerRevision,
        OtherSessions,
        Http1Sessions,
        Http2Sessions,
        Http3Sessions,
        OtherRequests,
        Http1Requests,
        Http2Requests,
        Http3Requests,
        PrivateIdleConnections,
        RequestBytesIn,
        RequestBytesOut,
        ResponseBytesIn,
        ResponseBytesOut,
    }

    internal const int SlotCount = 101;

    /// <summary>Header name → slot of every number column (all of HAProxy 3.4's, stats-proxy.c stat_cols_px).</summary>
    internal static readonly Dictionary<string, int> NumberColumns = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        { "qcur", (int)Slot.QueueCurrent },
        { "qmax", (int)Slot.QueueMax },
        { "scur", (int)Slot.CurrentSessions },
        { "smax", (int)Slot.MaxSessions },
        { "slim", (int)Slot.SessionLimit },
        { "stot", (int)Slot.TotalSessions },
        { "bin", (int)Slot.BytesIn },
        { "bout", (int)Slot.BytesOut },
        { "dreq", (int)Slot.DeniedRequests },
        { "dresp", (int)Slot.DeniedResponses },
        { "ereq", (int)Slot.RequestErrors },
        { "econ", (int)Slot.ConnectionErrors },
        { "eresp", (int)Slot.ResponseErrors },
        { "wretr", (int)Slot.Retries },
        { "wredis", (int)Slot.Redispatches },
        { "weight", (int)Slot.Weight },
        { "act", (int)Slot.ActiveServers },
        { "bck", (int)Slot.BackupServers },
        { "chkfail", (int)Slot.CheckFailures },
        { "chkdown", (int)Slot.CheckDowns },
        { "lastchg", (int)Slot.LastChange },
        { "downtime", (int)Slot.Downtime },
        { "qlimit", (int)Slot.QueueLimit },
        { "pid", (int)Slot.ProcessNumber },
        { "iid", (int)Slot.ProxyId },
        { "sid", (int)Slot.ServiceId },
        { "throttle", (int)Slot.Throttle },
        { "lbtot", (int)Slot.LoadBalanced },
        { "rate", (int)Slot.SessionRate },
        { "rate_lim", (int)Slot.SessionRateLimit },
        { "rate_max", (int)Slot.SessionRateMax },
        { "check_code", (int)Slot.CheckCode },
        { "check_duration", (int)Slot.CheckDuration },
        { "hrsp_1xx", (int)Slot.HttpResponses1xx },
        { "hrsp_2xx", (int)Slot.HttpResponses2xx },
        { "hrsp_3xx", (int)Slot.HttpResponses3xx },
        { "hrsp_4xx", (int)Slot.HttpResponses4xx },
        { "hrsp_5xx", (int)Slot.HttpResponses5xx },
        { "hrsp_other", (int)Slot.HttpResponsesOther },
        { "hanafail", (int)Slot.HealthAnalysisFailures },
        { "req_rate", (int)Slot.RequestRate },
        { "req_rate_max", (int)Slot.RequestRateMax },
        { "req_tot", (int)Slot.RequestsTotal },
        { "cli_abrt", (int)Slot.ClientAborts },
        { "srv_abrt", (int)Slot.ServerAborts },
        { "comp_in", (int)Slot.CompressionBytesIn },
        { "comp_out", (int)Slot.CompressionBytesOut },
        { "comp_byp", (int)Slot.CompressionBytesBypassed },
        { "comp_rsp", (int)Slot.CompressedResponses },
        { "lastsess", (int)Slot.LastSession },
        { "qtime", (int)Slot.QueueTime },
        { "ctime", (int)Slot.ConnectTime },
        { "rtime", (int)Slot.ResponseTime },
        { "ttime", (int)Slot.TotalTime },
        { "agent_code", (int)Slot.AgentCode },
        { "agent_duration", (int)Slot.AgentDuration },
        { "check_rise", (int)Slot.CheckRise },
        { "check_fall", (int)Slot.CheckFall },
        { "check_health", (int)Slot.CheckHealth },
        { "agent_rise", (int)Slot.AgentRise },
        { "agent_fall", (int)Slot.AgentFall },
        { "agent_health", (int)Slot.AgentHealth },
        { "conn_rate", (int)Slot.ConnectionRate },
        { "conn_rate_max", (int)Slot.ConnectionRateMax },
        { "conn_tot", (int)Slot.ConnectionsTotal },
        { "intercepted", (int)Slot.InterceptedRequests },
        { "dcon", (int)Slot.DeniedConnections },
        { "dses", (int)Slot.DeniedSessions },
        { "wrew", (int)Slot.FailedRewrites },
        { "connect", (int)Slot.ConnectionAttempts },
        { "reuse", (int)Slot.ConnectionReuses },
        { "cache_lookups", (int)Slot.CacheLookups },
        { "cache_hits", (int)Slot.CacheHits },
        { "srv_icur", (int)Slot.IdleConnections },
        { "src_ilim", (int)Slot.IdleConnectionLimit },
        { "qtime_max", (int)Slot.QueueTimeMax },
        { "ctime_max", (int)Slot.ConnectTimeMax },
        { "rtime_max", (int)Slot.ResponseTimeMax },
        { "ttime_max", (int)Slot.TotalTimeMax },
        { "eint", (int)Slot.InternalErrors },
        { "idle_conn_cur", (int)Slot.UnsafeIdleConnections },
        { "safe_conn_cur", (int)Slot.SafeIdleConnections },
        { "used_conn_cur", (int)Slot.UsedConnections },
        { "need_conn_est", (int)Slot.NeededConnections },
        { "uweight", (int)Slot.UserWeight },
        { "agg_server_check_status", (int)Slot.AggregateServerCheckStatus },
        { "agg_check_status", (int)Slot.AggregateCheckStatus },
        { "srid", (int)Slot.ServerRevision },
        { "sess_other", (int)Slot.OtherSessions },
        { "h1sess", (int)Slot.Http1Sessions },
        { "h2sess", (int)Slot.Http2Sessions },
        { "h3sess", (int)Slot.Http3Sessions },
        { "req_other", (int)Slot.OtherRequests },
        { "h1req", (int)Slot.Http1Requests },
        { "h2req", (int)Slot.Http2Requests },
        { "h3req", (int)Slot.Http3Requests },
        { "priv_idle_cur", (int)Slot.PrivateIdleConnections },
        { "reqbin", (int)Slot.RequestBytesIn },
        { "reqbout", (int)Slot.RequestBytesOut },
        { "resbin", (int)Slot.ResponseBytesIn },
        { "resbout", (int)Slot.ResponseBytesOut },
    };

    internal static long[] NewNumbers()
    {
        var numbers = new long[SlotCount];
        for (int i = 0; i < numbers.Length; i++) numbers[i] = Empty;
        return numbers;
    }

    internal const long EmptyNumber = Empty;
}
