using System;
using System.Collections.Generic;

namespace HaproxyRuntime.Client.Models;

/// <summary>One nameserver of a <c>resolvers</c> section and its counters (<c>show resolvers</c>).</summary>
public sealed class HaproxyResolverNameserver : HaproxyObject
{
    internal HaproxyResolverNameserver(string resolvers, string name, IReadOnlyDictionary<string, long> counters)
    {
        Resolvers = resolvers;
        Name = name;
        long C(string key) => counters.TryGetValue(key, out long v) ? v : 0;
        Sent = C("sent");
        SendErrors = C("snd_error");
        Valid = C("valid");
        Update = C("update");
        Cname = C("cname");
        CnameErrors = C("cname_error");
        AnyErrors = C("any_err");
        NxDomain = C("nx");
        Timeout = C("timeout");
        Refused = C("refused");
        Other = C("other");
        Invalid = C("invalid");
        TooBig = C("too_big");
        Truncated = C("truncated");
        Outdated = C("outdated");
    }

    /// <summary>The resolvers section.</summary>
    public string Resolvers { get; }
    /// <summary>The nameserver's name in that section.</summary>
    public string Name { get; }
    /// <summary>sent: queries sent.</summary>
    public long Sent { get; }
    /// <summary>snd_error: queries that could not be sent.</summary>
    public long SendErrors { get; }
    /// <summary>valid: valid answers.</summary>
    public long Valid { get; }
    /// <summary>update: answers that changed a server's address.</summary>
    public long Update { get; }
    /// <summary>cname: CNAME answers.</summary>
    public long Cname { get; }
    /// <summary>cname_error: CNAME answers that could not be followed.</summary>
    public long CnameErrors { get; }
    /// <summary>any_err: empty answers to ANY queries.</summary>
    public long AnyErrors { get; }
    /// <summary>nx: NXDOMAIN answers.</summary>
    public long NxDomain { get; }
    /// <summary>timeout: queries that got no answer in time.</summary>
    public long Timeout { get; }
    /// <summary>refused: REFUSED answers.</summary>
    public long Refused { get; }
    /// <summary>other: answers with another error.</summary>
    public long Other { get; }
    /// <summary>invalid: answers that could not be parsed.</summary>
    public long Invalid { get; }
    /// <summary>too_big: answers larger than accepted.</summary>
    public long TooBig { get; }
    /// <summary>truncated: truncated answers.</summary>
    public long Truncated { get; }
    /// <summary>outdated: answers that came after their query was given up.</summary>
    public long Outdated { get; }

    public override string ToString() => $"{Resolvers}/{Name}";
}

/// <summary>A <c>peers</c> section as <c>show peers</c> heads it.</summary>
public sealed class HaproxyPeerSection
{
    internal HaproxyPeerSection(string name, DateTime? lastChange, bool disabled, int flags, string resyncTimeout, long taskCalls)
    {
        Name = name;
        LastChange = lastChange;
        Disabled = disabled;
        Flags = flags;
        ResyncTimeout = resyncTimeout;
        TaskCalls = taskCalls;
    }

    public string Name { get; }
    /// <summary>When the section last changed state, in HAProxy's local time.</summary>
    public DateTime? LastChange { get; }
    public bool Disabled { get; }
    public int Flags { get; }
    /// <summary>As HAProxy prints it: a delay ("4s"), &lt;PAST&gt; or &lt;NEVER&gt;.</summary>
    public string ResyncTimeout { get; }
    public long TaskCalls { get; }

    public override string ToString() => Name;
}

/// <summary>One peer of a <c>peers</c> section (<c>show peers</c>). Times are as HAProxy prints them: a delay such as
/// "1m23s", or &lt;NEVER&gt; / &lt;PAST&gt;.</summary>
public sealed class HaproxyPeer : HaproxyObject
{
    internal HaproxyPeer(HaproxyPeerSection section, string name, bool isLocal, bool active, string address, int port,
                         IReadOnlyDictionary<string, string> fields)
    {
        SectionInfo = section;
        Name = name;
        IsLocal = isLocal;
        Active = active;
        Address = address;
        Port = port;
        string? S(string key) => fields.TryGetValue(key, out var v) ? v : null;
        long N(string key) => long.TryParse(S(key), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long v) ? v : 0;
        AppState = S("app_state");
        LearnState = S("learn_state");
        LastStatus = S("last_status") ?? string.Empty;
        LastHandshake = S("last_hdshk") ?? string.Empty;
        Reconnect = S("reconnect") ?? string.Empty;
        Heartbeat = S("heartbeat") ?? string.Empty;
        Confirm = N("confirm");
        HeartbeatsSent = N("tx_hbt");
        HeartbeatsReceived = N("rx_hbt");
        HeartbeatsMissed = N("no_hbt");
        NewConnections = N("new_conn");
        ProtocolErrors = N("proto_err");
        Collisions = N("coll");
        string? flags = S("flags");
        Flags = flags != null && flags.StartsWith("0x", StringComparison.Ordinal) &&
                int.TryParse(flags.Substring(2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out int f) ? f : 0;
        ConnectionState = S("state");
        Source = S("src");
    }

    /// <summary>The peers section's name.</summary>
    public string Section => SectionInfo.Name;
    /// <summary>The section's own line (last change, disabled, flags, resync timeout).</summary>
    public HaproxyPeerSection SectionInfo { get; }
    public string Name { get; }
    /// <summary>True for the local peer (this HAProxy).</summary>
    public bool IsLocal { get; }
    /// <summary>True while the peer has a session (HAProxy's "active").</summary>
    public bool Active { get; }
    public string Address { get; }
    public int Port { get; }
    /// <summary>app_state (3.0 and later; null on 2.6).</summary>
    public string? AppState { get; }
    /// <summary>learn_state (3.0 and later; null on 2.6).</summary>
    public string? LearnState { get; }
    /// <summary>last_status: the last handshake status (NONE, CONN, HSHK, SUCC, …).</summary>
    public string LastStatus { get; }
    /// <summary>last_hdshk: time since the last successful handshake.</summary>
    public string LastHandshake { get; }
    /// <summary>reconnect: time until the next connection attempt.</summary>
    public string Reconnect { get; }
    /// <summary>heartbeat: time until the next heartbeat.</summary>
    public string Heartbeat { get; }
    public long Confirm { get; }
    public long HeartbeatsSent { get; }
    public long HeartbeatsReceived { get; }
    public long HeartbeatsMissed { get; }
    public long NewConnections { get; }
    public long ProtocolErrors { get; }
    public long Collisions { get; }
    public int Flags { get; }
    /// <summary>The state of the peer's stream connector (SC_ST_EST …) while it has a session; null otherwise.</summary>
    public string? ConnectionState { get; }
    /// <summary>The session's source address, while it has one.</summary>
    public string? Source { get; }

    public override string ToString() => $"{Section}/{Name}";
}

/// <summary>A cache section (<c>show cache</c>) with the entries it holds that have not expired.</summary>
public sealed class HaproxyCache : HaproxyObject
{
    internal HaproxyCache(string name, long availableBlocks, IReadOnlyList<HaproxyCacheEntry> entries)
    {
        Name = name;
        AvailableBlocks = availableBlocks;
        Entries = entries;
    }

    public string Name { get; }
    /// <summary>Free blocks of the cache's shared memory.</summary>
    public long AvailableBlocks { get; }
    public int EntryCount => Entries.Count;
    /// <summary>Sum of the entries' blocks.</summary>
    public long UsedBlocks
    {
        get
        {
            long sum = 0;
            foreach (var e in Entries) sum += e.Blocks;
            return sum;
        }
    }
    public IReadOnlyList<HaproxyCacheEntry> Entries { get; }

    public override string ToString() => Name;
}

/// <summary>One cached object.</summary>
public sealed class HaproxyCacheEntry
{
    internal HaproxyCacheEntry(string cache, uint hash, string vary, long size, long blocks, long refCount, long expiresInSeconds)
    {
        Cache = cache;
        Hash = hash;
        Vary = vary;
        Size = size;
        Blocks = blocks;
        RefCount = refCount;
        ExpiresIn = TimeSpan.FromSeconds(expiresInSeconds);
    }

    public string Cache { get; }
    /// <summary>The primary key's hash.</summary>
    public uint Hash { get; }
    /// <summary>The secondary key (Vary), hexadecimal.</summary>
    public string Vary { get; }
    /// <summary>Bytes stored.</summary>
    public long Size { get; }
    public long Blocks { get; }
    public long RefCount { get; }
    public TimeSpan ExpiresIn { get; }

    public override string ToString() => $"{Cache} {Hash}";
}

/// <summary>A process-wide variable (<c>get var</c>).</summary>
public sealed class HaproxyVariable : HaproxyObject
{
    internal HaproxyVariable(string name, string type, string? value)
    {
        Name = name;
        Type = type;
        Value = value;
    }

    /// <summary>The name with its scope: proc.&lt;name&gt;.</summary>
    public string Name { get; }
    /// <summary>HAProxy's sample type: str, sint, bool, ipv4, ipv6, bin, meth…</summary>
    public string Type { get; }
    /// <summary>The value as a string, each non-printable byte shown as '.' by HAProxy; null when HAProxy cannot show
    /// it as a string.</summary>
    public string? Value { get; }

    public override string ToString() => $"{Name}={Value}";
}

/// <summary>An event sink (<c>show events</c>): where HAProxy sends logs or traces.</summary>
public sealed class HaproxyEventSink : HaproxyObject
{
    internal HaproxyEventSink(string name, string type, long dropped, string description)
    {
        Name = name;
        Type = type;
        Dropped = dropped;
        Description = description;
    }

    public string Name { get; }
    /// <summary>buffer (a ring whose events can be read), fd (a file descriptor: nothing to read back) or init.</summary>
    public string Type { get; }
    /// <summary>Events lost because the sink was full or slow.</summary>
    public long Dropped { get; }
    public string Description { get; }
    /// <summary>Whether Get-HaproxyEvent can read it (a ring buffer).</summary>
    public bool IsReadable => Type == "buffer";

    public override string ToString() => Name;
}

/// <summary>One event of a ring buffer (<c>show events &lt;sink&gt;</c>): a line as HAProxy stored it (a log line in the
/// format of its log target, a trace…).</summary>
public sealed class HaproxyEvent : HaproxyObject
{
    internal HaproxyEvent(string sink, string message, int? priority, DateTimeOffset? timestamp)
    {
        Sink = sink;
        Message = message;
        Priority = priority;
        Timestamp = timestamp;
    }

    public string Sink { get; }
    /// <summary>The event's whole line.</summary>
    public string Message { get; }
    /// <summary>The syslog priority of a log line that starts with one ("&lt;134&gt;…": facility × 8 + severity), else null.</summary>
    public int? Priority { get; }
    /// <summary>The syslog severity (0 emerg … 7 debug) of <see cref="Priority"/>.</summary>
    public int? Severity => Priority % 8;
    /// <summary>The syslog facility (16 local0 … 23 local7) of <see cref="Priority"/>.</summary>
    public int? Facility => Priority / 8;
    /// <summary>The time of an RFC 5424 log line ("&lt;134&gt;1 2026-12-07T20:06:13.942848+00:00 …"), else null.</summary>
    public DateTimeOffset? Timestamp { get; }

    public override string ToString() => Message;
}

/// <summary>One message HAProxy logged while starting (<c>show startup-logs</c>).</summary>
public sealed class HaproxyStartupLogEntry : HaproxyObject
{
    internal HaproxyStartupLogEntry(string? level, int? processId, string message)
    {
        Level = level;
        ProcessId = processId;
        Message = message;
    }

    /// <summary>NOTICE, WARNING, ALERT, DIAG… as HAProxy labels it; null for lines before the first label.</summary>
    public string? Level { get; }
    /// <summary>The process that logged it.</summary>
    public int? ProcessId { get; }
    /// <summary>The text after "[LEVEL] (pid) : "; a message of several lines keeps them, joined by LF.</summary>
    public string Message { get; }

    public override string ToString() => $"[{Level}] {Message}";
}
