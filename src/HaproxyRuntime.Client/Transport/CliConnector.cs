using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Transport;

/// <summary>
/// Opens the socket behind a <see cref="CliConnection"/>: name resolution, the connect, TLS for <c>tls://</c>, all
/// within one budget, and failures worded for the operator (missing socket file, refused, permission). What happens
/// on the connected socket (framing, deadlines) is the connection's business.
/// </summary>
internal static class CliConnector
{
    /// <summary>Connects (and for <c>tls://</c> runs the TLS handshake) within <paramref name="timeout"/> in all:
    /// the caller's CLI handshake then gets what is left of the same budget (see <see cref="Remaining"/>).</summary>
    public static async Task<CliConnection> OpenAsync(HaproxyEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken,
                                                      TlsSettings? tls = null)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        Socket socket;
        EndPoint target;
        if (endpoint.Kind == HaproxyEndpointKind.Unix)
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            target = UnixSocketEndPoint.Create(endpoint.Path!);
        }
        else
        {
            IPAddress address = await ResolveAsync(endpoint.Host!).ConfigureAwait(false);
            socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            target = new IPEndPoint(address, endpoint.Port);
        }

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        // netstandard2.0 has no cancellable ConnectAsync: closing the socket is what aborts a pending connect.
        using (timeoutCts.Token.Register(() => socket.Dispose()))
        {
            try
            {
                // A blocking connect on its own thread rather than an asynchronous one: on Unix, .NET switches a
                // socket to non-blocking for good at its first asynchronous operation, and from then on emulates
                // every blocking call through its event loop — a thread hop per read that doubled the cost of a
                // round trip. The caller still waits asynchronously, and no longer than the timeout.
                var connect = Task.Factory.StartNew(() => socket.Connect(target), CancellationToken.None,
                    TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
                var first = await Task.WhenAny(connect, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
                if (first != connect)
                {
                    socket.Dispose();
                    _ = connect.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // observed: it fails once the socket is gone
                    cancellationToken.ThrowIfCancellationRequested();
                    throw new HaproxyTimeoutException($"Connecting to {endpoint} did not complete within {timeout.TotalSeconds:0.###} s.");
                }
                await connect.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException || ex is SocketException || ex is IOException)
            {
                socket.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
                if (timeoutCts.IsCancellationRequested)
                {
                    throw new HaproxyTimeoutException($"Connecting to {endpoint} did not complete within {timeout.TotalSeconds:0.###} s.", null, ex);
                }
                throw new HaproxyConnectionException(DescribeConnectFailure(endpoint, ex), ex);
            }
        }
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (endpoint.Kind == HaproxyEndpointKind.Tls)
        {
            using var handshakeCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            handshakeCts.CancelAfter(Remaining(timeout, elapsed));
            try
            {
                stream = await TlsClient.AuthenticateAsync(stream, endpoint, tls ?? new TlsSettings(false, null, null), handshakeCts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                throw new HaproxyTimeoutException($"Connecting to {endpoint} and its TLS handshake did not complete within {timeout.TotalSeconds:0.###} s.");
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        return new CliConnection(socket, stream);
    }

    /// <summary>What is left of a budget that started when <paramref name="elapsed"/> did; at least 1 ms, because
    /// CancelAfter(0) would never report which step ran out of time in a way the caller can tell apart.</summary>
    public static TimeSpan Remaining(TimeSpan budget, System.Diagnostics.Stopwatch elapsed)
    {
        var left = budget - elapsed.Elapsed;
        return left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1);
    }

    private static async Task<IPAddress> ResolveAsync(string host)
    {
        if (IPAddress.TryParse(host, out var ip)) return ip;
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
            foreach (var a in addresses) if (a.AddressFamily == AddressFamily.InterNetwork) return a;
            if (addresses.Length > 0) return addresses[0];
        }
        catch (SocketException ex)
        {
            throw new HaproxyConnectionException($"Cannot resolve '{host}': {ex.Message}", ex);
        }
        throw new HaproxyConnectionException($"'{host}' resolves to no address.");
    }

    private static string DescribeConnectFailure(HaproxyEndpoint endpoint, Exception ex)
    {
        // .NET reports a missing socket file as AddressNotAvailable; say what is really wrong.
        if (endpoint.Kind == HaproxyEndpointKind.Unix && !File.Exists(endpoint.Path) && !Directory.Exists(endpoint.Path))
        {
            return $"Unix socket '{endpoint.Path}' does not exist. Is HAProxy running with 'stats socket {endpoint.Path}'?";
        }
        if (ex is SocketException se)
        {
            switch (se.SocketErrorCode)
            {
                case SocketError.ConnectionRefused:
                    return endpoint.Kind == HaproxyEndpointKind.Unix
                        ? $"Nothing listens on Unix socket '{endpoint.Path}' (connection refused). Is HAProxy running with 'stats socket {endpoint.Path}'?"
                        : $"Nothing listens on {endpoint} (connection refused). Is HAProxy running with a 'stats socket' there?";
                case SocketError.AccessDenied:
                    return $"Permission denied opening Unix socket '{endpoint.Path}'. Check the socket's owner and mode (stats socket ... mode/user/group) or run as a user allowed to use it.";
                case SocketError.AddressNotAvailable:
                case SocketError.HostNotFound:
                    return $"Cannot reach {endpoint}: {se.Message}";
            }
        }
        return $"Cannot connect to {endpoint}: {ex.Message}";
    }
}
