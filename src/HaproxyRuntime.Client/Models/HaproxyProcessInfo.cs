using System;
using System.Collections.Generic;
using System.Globalization;

namespace HaproxyRuntime.Client.Models;

/// <summary>The worker's <c>show info</c>: the common fields typed, every field kept in <see cref="Fields"/> (field names
/// from HAProxy 3.4's stats.c stat_cols_info; a field an older HAProxy lacks is null, one a newer adds is in Fields).</summary>
public sealed class HaproxyProcessInfo : HaproxyObject
{
    private HaproxyProcessInfo(HaproxyFieldDictionary fields)
    {
        Fields = fields;
        Name = Get("Name");
        Version = Get("Version");
        // "2026/01/15" (haproxy_date, set at build time).
        ReleaseDate = DateTime.TryParseExact(Get("Release_date"), "yyyy/MM/dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
        Node = Get("node");
        Description = Get("description");
        ProcessId = GetInt("Pid");
        Threads = GetInt("Nbthread");
        ThreadGroups = GetInt("NbThreadGroups");
        UptimeSeconds = GetLong("Uptime_sec");
        StartTime = GetLong("Start_time_sec") is long start ? DateTimeOffset.FromUnixTimeSeconds(start) : null;
        MaxConn = GetInt("Maxconn");
        HardMaxConn = GetInt("Hard_maxconn");
        MaxSock = GetLong("Maxsock");
        UlimitN = GetLong("Ulimit-n");
        CurrentConnections = GetInt("CurrConns");
        CumulativeConnections = GetLong("CumConns");
        CumulativeRequests = GetLong("CumReq");
        CurrentStreams = GetLong("CurrStreams");
        CumulativeStreams = GetLong("CumStreams");
        MaxSslConnections = GetLong("MaxSslConns");
        CurrentSslConnections = GetLong("CurrSslConns");
        CumulativeSslConnections = GetLong("CumSslConns");
        ConnRate = GetLong("ConnRate");
        ConnRateLimit = GetLong("ConnRateLimit");
        MaxConnRate = GetLong("MaxConnRate");
        SessRate = GetLong("SessRate");
        SessRateLimit = GetLong("SessRateLimit");
        MaxSessRate = GetLong("MaxSessRate");
        SslRate = GetLong("SslRate");
        SslRateLimit = GetLong("SslRateLimit");
        MaxSslRate = GetLong("MaxSslRate");
        MemMaxBytes = GetLong("Memmax_bytes");
        PoolAllocBytes = GetLong("PoolAlloc_bytes");
        PoolUsedBytes = GetLong("PoolUsed_bytes");
        PoolFailed = GetLong("PoolFailed");
        Tasks = GetLong("Tasks");
        RunQueue = GetLong("Run_queue");
        IdlePercent = GetInt("Idle_pct");
        Jobs = GetLong("Jobs");
        Listeners = GetLong("Listeners");
        DroppedLogs = GetLong("DroppedLogs");
        FailedResolutions = GetLong("FailedResolutions");
        TotalBytesOut = GetLong("TotalBytesOut");
        BytesOutRate = GetLong("BytesOutRate");
        MaxConnReached = GetLong("MaxconnReached");
        Stopping = GetInt("Stopping") == 1;
    }

    public string? Name { get; }
    public string? Version { get; }

    /// <summary>The date of HAProxy's source (<c>Release_date</c>).</summary>
    public DateTime? ReleaseDate { get; }
    public string? Node { get; }
    public string? Description { get; }
    public int? ProcessId { get; }

    /// <summary>Worker threads (<c>Nbthread</c>).</summary>
    public int? Threads { get; }

    /// <summary>Thread groups (<c>NbThreadGroups</c>, HAProxy 3.4).</summary>
    public int? ThreadGroups { get; }
    public long? UptimeSeconds { get; }
    public TimeSpan? Uptime => UptimeSeconds is long s ? TimeSpan.FromSeconds(s) : null;

    /// <summary>When the worker started (<c>Start_time_sec</c>, UTC).</summary>
    public DateTimeOffset? StartTime { get; }
    public int? MaxConn { get; }

    /// <summary>The ceiling <c>set maxconn global</c> cannot exceed (<c>Hard_maxconn</c>).</summary>
    public int? HardMaxConn { get; }
    public long? MaxSock { get; }

    /// <summary>The file-descriptor limit (<c>Ulimit-n</c>).</summary>
    public long? UlimitN { get; }
    public int? CurrentConnections { get; }
    public long? CumulativeConnections { get; }
    public long? CumulativeRequests { get; }

    /// <summary>Streams now (<c>CurrStreams</c>, HAProxy 3.2 and later).</summary>
    public long? CurrentStreams { get; }

    /// <summary>Streams since the start (<c>CumStreams</c>, HAProxy 3.2 and later).</summary>
    public long? CumulativeStreams { get; }
    public long? MaxSslConnections { get; }
    public long? CurrentSslConnections { get; }
    public long? CumulativeSslConnections { get; }

    /// <summary>Connections in the last second.</summary>
    public long? ConnRate { get; }

    /// <summary>The connection rate limit (0: none).</summary>
    public long? ConnRateLimit { get; }
    public long? MaxConnRate { get; }

    /// <summary>Sessions in the last second.</summary>
    public long? SessRate { get; }

    /// <summary>The session rate limit (0: none).</summary>
    public long? SessRateLimit { get; }
    public long? MaxSessRate { get; }

    /// <summary>SSL sessions in the last second.</summary>
    public long? SslRate { get; }

    /// <summary>The SSL session rate limit (0: none).</summary>
    public long? SslRateLimit { get; }
    public long? MaxSslRate { get; }

    /// <summary>The memory limit (<c>-m</c>; 0: none).</summary>
    public long? MemMaxBytes { get; }

    /// <summary>Memory allocated to pools.</summary>
    public long? PoolAllocBytes { get; }

    /// <summary>Pool memory in use.</summary>
    public long? PoolUsedBytes { get; }

    /// <summary>Failed pool allocations.</summary>
    public long? PoolFailed { get; }
    public long? Tasks { get; }
    public long? RunQueue { get; }

    /// <summary>Percent of the last second the thread answering spent idle (<c>Idle_pct</c>).</summary>
    public int? IdlePercent { get; }
    public long? Jobs { get; }
    public long? Listeners { get; }
    public long? DroppedLogs { get; }
    public long? FailedResolutions { get; }
    public long? TotalBytesOut { get; }
    public long? BytesOutRate { get; }

    /// <summary>How many times the global maxconn was reached (<c>MaxconnReached</c>, HAProxy 3.0 and later).</summary>
    public long? MaxConnReached { get; }

    /// <summary>True on a worker that is shutting down after a reload: connections to it see the old configuration.</summary>
    public bool Stopping { get; }

    /// <summary>Every "Name: value" line of <c>show info</c>, as sent, in HAProxy's order.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    private string? Get(string key) => Fields.TryGetValue(key, out var v) ? v : null;

    private int? GetInt(string key) =>
        int.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;

    private long? GetLong(string key) =>
        long.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : null;

    /// <summary>Parses <c>show info</c> lines ("Key: value"; a value may contain further colons).</summary>
    public static HaproxyProcessInfo Parse(IReadOnlyList<string> lines)
    {
        var fields = new HaproxyFieldDictionary();
        foreach (var line in lines)
        {
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0) continue;
            fields.Add(line.Substring(0, colon), line.Substring(colon + 2));
        }
        return new HaproxyProcessInfo(fields);
    }
}
