using System;
using System.Collections.Generic;
using System.Globalization;

namespace HaproxyRuntime.Client.Models;

/// <summary>The worker's <c>show info</c>: the common fields typed, every field kept in <see cref="Fields"/>.</summary>
public sealed class HaproxyProcessInfo : HaproxyObject
{
    private HaproxyProcessInfo(IReadOnlyDictionary<string, string> fields)
    {
        Fields = fields;
        Name = Get("Name");
        Version = Get("Version");
        ReleaseDate = Get("Release_date");
        Node = Get("node");
        ProcessId = GetInt("Pid");
        Threads = GetInt("Nbthread");
        UptimeSeconds = GetLong("Uptime_sec");
        MaxConn = GetInt("Maxconn");
        CurrentConnections = GetInt("CurrConns");
        CumulativeConnections = GetLong("CumConns");
        CumulativeRequests = GetLong("CumReq");
        Stopping = GetInt("Stopping") == 1;
    }

    public string? Name { get; }
    public string? Version { get; }
    public string? ReleaseDate { get; }
    public string? Node { get; }
    public int? ProcessId { get; }
    public int? Threads { get; }
    public long? UptimeSeconds { get; }
    public TimeSpan? Uptime => UptimeSeconds is long s ? TimeSpan.FromSeconds(s) : null;
    public int? MaxConn { get; }
    public int? CurrentConnections { get; }
    public long? CumulativeConnections { get; }
    public long? CumulativeRequests { get; }

    /// <summary>True on a worker that is shutting down after a reload: connections to it see the old configuration.</summary>
    public bool Stopping { get; }

    /// <summary>Every "Name: value" line of <c>show info</c>, as sent.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    private string? Get(string key) => Fields.TryGetValue(key, out var v) ? v : null;

    private int? GetInt(string key) =>
        int.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;

    private long? GetLong(string key) =>
        long.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : null;

    /// <summary>Parses <c>show info</c> lines ("Key: value"; a value may contain further colons).</summary>
    public static HaproxyProcessInfo Parse(IReadOnlyList<string> lines)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0) continue;
            fields[line.Substring(0, colon)] = line.Substring(colon + 2);
        }
        return new HaproxyProcessInfo(fields);
    }
}
