using System;
using System.Collections.Generic;

namespace HaproxyRuntime.Client.Models;

/// <summary>What a process of a master-worker HAProxy is (<c>show proc</c>'s sections).</summary>
public enum HaproxyProcessType
{
    Master,
    Worker,
    /// <summary>A program the master runs for the configuration (<c>program</c> sections, before 3.1).</summary>
    Program,
}

/// <summary>One process listed by the master CLI's <c>show proc</c>.</summary>
public sealed class HaproxyProcess : HaproxyObject
{
    internal HaproxyProcess(int processId, HaproxyProcessType type, bool isCurrent, int? relativeNumber, string? name,
                            int reloads, int? failedReloads, TimeSpan? uptime, string? version)
    {
        ProcessId = processId;
        Type = type;
        IsCurrent = isCurrent;
        RelativeNumber = relativeNumber;
        Name = name;
        Reloads = reloads;
        FailedReloads = failedReloads;
        Uptime = uptime;
        Version = version;
    }

    /// <summary>The PID.</summary>
    public int ProcessId { get; }

    public HaproxyProcessType Type { get; }

    /// <summary>False for an old worker (or program) that a reload replaced and that is still finishing its work.</summary>
    public bool IsCurrent { get; }

    /// <summary>A current worker's number in the master CLI's '@&lt;n&gt;' notation (1 for the first); null for the
    /// master and for old processes, which only their PID reaches ('@!&lt;pid&gt;').</summary>
    public int? RelativeNumber { get; }

    /// <summary>The master CLI's name for this process in '@' routing: "1", "!&lt;pid&gt;", or null for the master.</summary>
    public string? Worker => Type == HaproxyProcessType.Master ? null : RelativeNumber is int n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "!" + ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A program's name from the configuration; null for the master and workers.</summary>
    public string? Name { get; }

    /// <summary>For the master, how many reloads it has done; for a worker, how many reloads it has lived through
    /// (0 for the newest).</summary>
    public int Reloads { get; }

    /// <summary>The master's count of reloads that failed (the master keeps the previous workers then); null for
    /// other processes.</summary>
    public int? FailedReloads { get; }

    public TimeSpan? Uptime { get; }

    /// <summary>HAProxy's version in this process (an old worker may run an older one); null for programs.</summary>
    public string? Version { get; }

    public override string ToString() => $"{Type} {ProcessId}";
}

/// <summary>The outcome of a reload through the master CLI: HAProxy's verdict and its startup log.</summary>
public sealed class HaproxyReloadResult
{
    internal HaproxyReloadResult(bool success, IReadOnlyList<HaproxyStartupLogEntry> log)
    {
        Success = success;
        Log = log;
    }

    public bool Success { get; }

    /// <summary>The startup messages of the new configuration's load, as the master reports them with its verdict
    /// (empty where the master keeps none).</summary>
    public IReadOnlyList<HaproxyStartupLogEntry> Log { get; }
}
