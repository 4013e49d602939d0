using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.Client.Operations;

/// <summary>The address (and port, when one was given) a <c>set server addr</c> asked a server to take.</summary>
public sealed class ServerAddressExpectation
{
    public ServerAddressExpectation(string backend, string name, string address, int? port)
    {
        Backend = backend ?? throw new ArgumentNullException(nameof(backend));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Address = address ?? throw new ArgumentNullException(nameof(address));
        Port = port;
    }

    public string Backend { get; }
    public string Name { get; }
    public string Address { get; }
    public int? Port { get; }

    public string FullName => Backend + "/" + Name;

    /// <summary>An address as HAProxy's str2ip2 reads it: "*" is IPv4's any address (0.0.0.0), as "::" is IPv6's.</summary>
    private static bool TryParseAsHaproxy(string text, out IPAddress address)
    {
        if (text == "*")
        {
            address = IPAddress.Any;
            return true;
        }
        return IPAddress.TryParse(text, out address!);
    }

    /// <summary>Whether the server, as read from HAProxy, has the address and port. Addresses are compared as IP
    /// addresses, so '::1' and '0:0:0:0:0:0:0:1' are the same.</summary>
    public bool IsMetBy(HaproxyServer server)
    {
        if (server is null) throw new ArgumentNullException(nameof(server));
        if (Port is int port && server.Port != port) return false;
        if (server.Address is null) return false;
        if (TryParseAsHaproxy(Address, out var wanted) && IPAddress.TryParse(server.Address, out var actual))
        {
            return wanted.Equals(actual);
        }
        return string.Equals(Address, server.Address, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>
/// Waits until HAProxy has applied <c>set server addr</c> changes. HAProxy (3.x) answers that command as soon as it has
/// queued the change — server_set_inetaddr() publishes an INETADDR event and server_atomic_sync_task applies it later,
/// on its own schedule — so a <c>show servers state</c> pipelined right behind it shows the old address every time, and
/// one sent a round trip later still does now and then (measured on 3.4.7: 1 in 3,000 idle, more under load). New
/// connections and health checks also go to the old address until then. A caller that reports the change as done
/// (or reads it back for -PassThru) waits here first.
/// </summary>
public static class ServerAddressSync
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Re-reads the servers' backends (<c>show servers state &lt;backend&gt;</c>) until every expectation is met, pausing
    /// briefly between reads (1 ms, doubling, at most 50 ms), for at most <paramref name="timeout"/>. A server no longer
    /// there counts as settled (the caller's read-back reports it missing). Returns the expectations still unmet.
    /// <c>sending</c>, when given, is called with each read before it is handed to the session (for -Verbose).
    /// </summary>
    public static IReadOnlyList<ServerAddressExpectation> WaitUntilApplied(HaproxySession session,
        IReadOnlyCollection<ServerAddressExpectation> expected, TimeSpan timeout,
        CancellationToken cancellationToken = default, Action<CliRequest>? sending = null)
    {
        if (session is null) throw new ArgumentNullException(nameof(session));
        if (expected is null) throw new ArgumentNullException(nameof(expected));
        var pending = expected.ToList();
        var clock = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(1);
        while (pending.Count > 0)
        {
            var unmet = new List<ServerAddressExpectation>();
            foreach (var backend in pending.GroupBy(e => e.Backend, StringComparer.Ordinal))
            {
                var read = HaproxyRequests.GetServers(backend.Key);
                var servers = new Dictionary<string, HaproxyServer>(StringComparer.Ordinal);
                foreach (var server in session.Send(read, sending, cancellationToken)) servers[server.Name] = server;
                unmet.AddRange(backend.Where(e => servers.TryGetValue(e.Name, out var s) && !e.IsMetBy(s)));
            }
            pending = unmet;
            if (pending.Count == 0 || clock.Elapsed >= timeout) break;
            var left = timeout - clock.Elapsed;
            if (cancellationToken.WaitHandle.WaitOne(pause < left ? pause : left)) cancellationToken.ThrowIfCancellationRequested();
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
        }
        return pending;
    }
}
