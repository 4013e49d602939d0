using System;
using System.Collections.Generic;
using System.Threading;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.Client.Operations;

/// <summary>
/// The one definition of a server object: its configuration and states from <c>show servers state</c>, completed with
/// its live figures (status, last check, sessions) from <c>show stat</c>. Every caller that hands out servers reads
/// them this way, so a server looks the same whichever command produced it.
/// </summary>
public static class ServerReader
{
    /// <summary>The servers of one backend, or of every backend when <paramref name="backend"/> is null. A missing
    /// backend is HAProxy's NotFound refusal.</summary>
    /// <param name="session">The session to read through.</param>
    /// <param name="backend">The backend, or null for all.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    /// <param name="sending">Called with each request before it is sent (e.g. to show its CLI line).</param>
    public static List<HaproxyServer> Read(HaproxySession session, string? backend, CancellationToken cancellationToken = default,
                                           Action<CliRequest>? sending = null)
    {
        var servers = session.Send(HaproxyRequests.GetServers(backend), sending, cancellationToken);
        AddLiveFigures(session, servers, cancellationToken, sending);
        return servers;
    }

    /// <summary>Completes servers read with <see cref="HaproxyRequests.GetServers"/> (from any number of backends)
    /// with their live figures: one <c>show stat</c> covers them all; nothing is read for an empty list.</summary>
    /// <param name="session">The session to read through.</param>
    /// <param name="servers">The servers to complete, changed in place.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <param name="sending">Called with the request before it is sent.</param>
    public static void AddLiveFigures(HaproxySession session, IReadOnlyList<HaproxyServer> servers, CancellationToken cancellationToken = default,
                                      Action<CliRequest>? sending = null)
    {
        if (servers.Count > 0) session.Send(HaproxyRequests.MergeServerStats(servers), sending, cancellationToken);
    }
}
