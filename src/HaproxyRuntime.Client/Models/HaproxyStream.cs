using System;
using System.Collections.Generic;

namespace HaproxyRuntime.Client.Models;

/// <summary>One of HAProxy's streams (a client connection's request/response exchange, which HAProxy's CLI still
/// calls a "session"), as one line of <c>show sess</c> describes it (stream.c cli_io_handler_dump_sess).</summary>
/// <remarks>The flag, state and analyser fields are kept as the hexadecimal text HAProxy prints: their bits are
/// internal and change between versions (management.txt leaves the format undocumented on purpose).</remarks>
public sealed class HaproxyStream : HaproxyObject
{
    internal HaproxyStream(string id, string line)
    {
        Id = id;
        Line = line;
    }

    /// <summary>Whether two reads of one address show the same stream: HAProxy reuses a stream's address once the stream
    /// ends, so the address alone does not say it. The same epoch (the dump counter at the stream's creation), listener
    /// protocol, frontend and client address and port; the backend is left out, as a stream read before routing has
    /// none yet.</summary>
    public static bool SameStream(HaproxyStream a, HaproxyStream b) =>
        a.Id == b.Id && a.Epoch == b.Epoch && a.Protocol == b.Protocol && a.Frontend == b.Frontend &&
        a.SourceAddress == b.SourceAddress && a.SourcePort == b.SourcePort;

    /// <summary>The stream's pointer as HAProxy prints it ("0x7f…"): what <c>shutdown session</c> and
    /// <c>show sess &lt;id&gt;</c> take.</summary>
    public string Id { get; }

    /// <summary>The listener's protocol ("tcpv4", "tcpv6", "unix_stream"…), "?" when HAProxy has none.</summary>
    public string? Protocol { get; internal set; }

    /// <summary>The frontend that accepted the connection (GLOBAL for a CLI connection); null for a stream that has no
    /// client connection (HAProxy then prints no source and no proxies).</summary>
    public string? Frontend { get; internal set; }

    /// <summary>The backend, or null before one was chosen (HAProxy prints &lt;NONE&gt;).</summary>
    public string? Backend { get; internal set; }

    /// <summary>The server, or null while none is assigned (HAProxy prints &lt;none&gt;).</summary>
    public string? Server { get; internal set; }

    /// <summary>The client's address ("127.0.0.1", "::1"), or "unix:&lt;listener id&gt;" for a Unix socket client.</summary>
    public string? SourceAddress { get; internal set; }

    /// <summary>The client's port; null for a Unix socket client.</summary>
    public int? SourcePort { get; internal set; }

    /// <summary>How long since the request began (HAProxy prints at most two units: "1h5m", "3m2s", "0s"); null when
    /// HAProxy printed "?".</summary>
    public TimeSpan? Age { get; internal set; }

    /// <summary>The stream task's state (ts=, hexadecimal as printed).</summary>
    public string? TaskState { get; internal set; }

    /// <summary>The stream's epoch (epoch=, as printed), which orders streams by creation.</summary>
    public string? Epoch { get; internal set; }

    /// <summary>How many times the stream's task was called.</summary>
    public long Calls { get; internal set; }

    /// <summary>The task's call rate (calls per second).</summary>
    public long Rate { get; internal set; }

    /// <summary>CPU time the stream has used (HAProxy counts nanoseconds).</summary>
    public TimeSpan CpuTime { get; internal set; }

    /// <summary>Scheduling latency the stream has accumulated (HAProxy counts nanoseconds).</summary>
    public TimeSpan Latency { get; internal set; }

    /// <summary>The request channel's flags (rq[f=…], hexadecimal as printed).</summary>
    public string? RequestFlags { get; internal set; }

    /// <summary>Bytes waiting in the request channel (rq[i=…]).</summary>
    public long RequestBytes { get; internal set; }

    /// <summary>The request channel's analysers (rq[an=…], hexadecimal as printed).</summary>
    public string? RequestAnalysers { get; internal set; }

    /// <summary>The response channel's flags (rp[f=…], hexadecimal as printed).</summary>
    public string? ResponseFlags { get; internal set; }

    /// <summary>Bytes waiting in the response channel (rp[i=…]).</summary>
    public long ResponseBytes { get; internal set; }

    /// <summary>The response channel's analysers (rp[an=…], hexadecimal as printed).</summary>
    public string? ResponseAnalysers { get; internal set; }

    /// <summary>The client side's connector state (scf=[state,…]), as printed.</summary>
    public int? FrontState { get; internal set; }

    /// <summary>The client side's connector flags (scf=[…,flags,…], hexadecimal as printed).</summary>
    public string? FrontFlags { get; internal set; }

    /// <summary>The client connection's file descriptor, -1 when none.</summary>
    public int? FrontFd { get; internal set; }

    /// <summary>The server side's connector state (scb=[state,…]), as printed.</summary>
    public int? BackState { get; internal set; }

    /// <summary>The server side's connector flags (scb=[…,flags,…], hexadecimal as printed).</summary>
    public string? BackFlags { get; internal set; }

    /// <summary>The server connection's file descriptor, -1 when none.</summary>
    public int? BackFd { get; internal set; }

    /// <summary>Time until the stream's task expires (exp=); null when it has no expiry or HAProxy printed "?".</summary>
    public TimeSpan? Expires { get; internal set; }

    /// <summary>Connection retries left (rc=).</summary>
    public int? Retries { get; internal set; }

    /// <summary>Whether the task was in the run queue (HAProxy prints run(nice=…)).</summary>
    public bool Running { get; internal set; }

    /// <summary>The transaction's URI, when asked for (show-uri, HAProxy 3.2+) and captured.</summary>
    public string? Uri { get; internal set; }

    /// <summary>The whole line HAProxy printed.</summary>
    public string Line { get; }

    /// <summary>The long dump of <c>show sess &lt;id&gt;</c> (its lines, as printed), when the stream was read by id;
    /// null otherwise.</summary>
    public IReadOnlyList<string>? Detail { get; internal set; }

    public override string ToString() => Id;
}
