using System;
using System.Globalization;
using System.Net;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Transport;

public enum HaproxyEndpointKind
{
    Tcp,
    Unix,
    /// <summary>TCP with TLS: HAProxy terminating TLS in front of its CLI (a <c>listen</c> section with
    /// <c>bind ... ssl crt</c> and <c>server cli unix@admin.sock</c>).</summary>
    Tls,
}

/// <summary>Where a Runtime API socket listens: <c>tcp://127.0.0.1:9999</c>, <c>127.0.0.1:9999</c>,
/// <c>[::1]:9999</c>, <c>unix:///run/haproxy/admin.sock</c> or a plain socket path.</summary>
public sealed class HaproxyEndpoint : IEquatable<HaproxyEndpoint>
{
    private HaproxyEndpoint(HaproxyEndpointKind kind, string? host, int port, string? path)
    {
        Kind = kind;
        Host = host;
        Port = port;
        Path = path;
    }

    public HaproxyEndpointKind Kind { get; }

    /// <summary>Host name or address for TCP endpoints.</summary>
    public string? Host { get; }

    /// <summary>Port for TCP endpoints, 0 for Unix sockets.</summary>
    public int Port { get; }

    /// <summary>Socket path for Unix endpoints.</summary>
    public string? Path { get; }

    public static HaproxyEndpoint Tcp(string host, int port)
    {
        if (string.IsNullOrWhiteSpace(host)) throw new HaproxyArgumentException("Endpoint", "The endpoint's host is empty.");
        if (port < 1 || port > 65535) throw new HaproxyArgumentException("Endpoint", $"Port {port} is outside 1-65535.");
        return new HaproxyEndpoint(HaproxyEndpointKind.Tcp, host, port, null);
    }

    public static HaproxyEndpoint Tls(string host, int port)
    {
        var tcp = Tcp(host, port);
        return new HaproxyEndpoint(HaproxyEndpointKind.Tls, tcp.Host, tcp.Port, null);
    }

    public static HaproxyEndpoint Unix(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new HaproxyArgumentException("Endpoint", "The Unix socket path is empty.");
        return new HaproxyEndpoint(HaproxyEndpointKind.Unix, null, 0, path);
    }

    /// <summary>Parses the endpoint forms listed on the type; throws <see cref="HaproxyArgumentException"/> otherwise.</summary>
    public static HaproxyEndpoint Parse(string text)
    {
        if (TryParse(text, out var endpoint, out var error)) return endpoint!;
        throw new HaproxyArgumentException("Endpoint", error!);
    }

    public static bool TryParse(string? text, out HaproxyEndpoint? endpoint, out string? error)
    {
        endpoint = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The endpoint is empty. Use tcp://host:port, host:port, unix:///path/to/admin.sock or a socket path.";
            return false;
        }
        string t = text!.Trim();
        if (t.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            string path = t.Substring("unix://".Length);
            if (path.Length == 0) { error = $"'{text}' names no socket path."; return false; }
            endpoint = Unix(path);
            return true;
        }
        if (t.StartsWith("tls://", StringComparison.OrdinalIgnoreCase))
        {
            if (!TryParseHostPort(t.Substring("tls://".Length).TrimEnd('/'), text!, out var tcp, out error)) return false;
            endpoint = Tls(tcp!.Host!, tcp.Port);
            return true;
        }
        if (t.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseHostPort(t.Substring("tcp://".Length).TrimEnd('/'), text!, out endpoint, out error);
        }
        // HAProxy's own spellings on the stats socket line.
        if (t.StartsWith("ipv4@", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseHostPort(t.Substring(5), text!, out endpoint, out error);
        }
        if (t.StartsWith("ipv6@", StringComparison.OrdinalIgnoreCase))
        {
            // HAProxy writes ipv6@::1:9999 (the port after the last colon); brackets are accepted too.
            string rest = t.Substring(5);
            int colon = rest.LastIndexOf(':');
            if (!rest.StartsWith("[", StringComparison.Ordinal) && colon > 0) rest = "[" + rest.Substring(0, colon) + "]" + rest.Substring(colon);
            return TryParseHostPort(rest, text!, out endpoint, out error);
        }
        if (t.StartsWith("unix@", StringComparison.OrdinalIgnoreCase))
        {
            endpoint = Unix(t.Substring(5));
            return true;
        }
        if (t.Contains("://"))
        {
            error = $"'{text}' uses an unsupported scheme. Use tcp://host:port, tls://host:port or unix:///path.";
            return false;
        }
        if (t.StartsWith("/", StringComparison.Ordinal) || t.StartsWith("./", StringComparison.Ordinal) || t.StartsWith("../", StringComparison.Ordinal) || t.StartsWith("~", StringComparison.Ordinal))
        {
            endpoint = Unix(t);
            return true;
        }
        return TryParseHostPort(t, text!, out endpoint, out error);
    }

    private static bool TryParseHostPort(string hostPort, string original, out HaproxyEndpoint? endpoint, out string? error)
    {
        endpoint = null;
        error = null;
        string host;
        string portText;
        if (hostPort.StartsWith("[", StringComparison.Ordinal))
        {
            int close = hostPort.IndexOf(']');
            if (close < 0 || close + 1 >= hostPort.Length || hostPort[close + 1] != ':')
            {
                error = $"'{original}' is not [address]:port.";
                return false;
            }
            host = hostPort.Substring(1, close - 1);
            portText = hostPort.Substring(close + 2);
        }
        else
        {
            int colon = hostPort.LastIndexOf(':');
            if (colon <= 0)
            {
                error = $"'{original}' has no port. Use host:port, tcp://host:port, or a Unix socket path.";
                return false;
            }
            host = hostPort.Substring(0, colon);
            portText = hostPort.Substring(colon + 1);
            if (host.Contains(":"))
            {
                error = $"'{original}' looks like an IPv6 address without brackets. Use [address]:port.";
                return false;
            }
        }
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
        {
            error = $"'{original}' has no valid port (1-65535).";
            return false;
        }
        if (host.Length == 0)
        {
            error = $"'{original}' has no host.";
            return false;
        }
        endpoint = Tcp(host, port);
        return true;
    }

    public override string ToString()
    {
        if (Kind == HaproxyEndpointKind.Unix) return "unix://" + Path;
        string scheme = Kind == HaproxyEndpointKind.Tls ? "tls" : "tcp";
        return IPAddress.TryParse(Host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"{scheme}://[{Host}]:{Port}"
            : $"{scheme}://{Host}:{Port}";
    }

    public bool Equals(HaproxyEndpoint? other) => other is not null && ToString() == other.ToString();
    public override bool Equals(object? obj) => Equals(obj as HaproxyEndpoint);
    public override int GetHashCode() => ToString().GetHashCode();
}
