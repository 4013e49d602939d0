using System;
using System.Collections.Generic;

namespace HaproxyRuntime.Client.Models;

/// <summary>Which message a captured error is: a request a frontend refused, or a response a backend refused.</summary>
public enum HaproxyErrorDirection
{
    Request,
    Response,
}

/// <summary>The last invalid request or response a proxy captured, as <c>show errors</c> prints it (proxy.c
/// cli_io_handler_show_errors): who sent it, where the parser stopped, and the captured buffer as text.</summary>
public sealed class HaproxyCapturedError : HaproxyObject
{
    internal HaproxyCapturedError(string proxy, int proxyId, HaproxyErrorDirection direction)
    {
        Proxy = proxy;
        ProxyId = proxyId;
        Direction = direction;
    }

    /// <summary>The proxy that captured it: the frontend for a request, the backend for a response.</summary>
    public string Proxy { get; }

    public int ProxyId { get; }

    public HaproxyErrorDirection Direction { get; }

    /// <summary>When it was captured, in HAProxy's local time (printed without a zone, to the millisecond).</summary>
    public DateTime Time { get; internal set; }

    /// <summary>The frontend (for a response: the frontend of the stream, null when HAProxy printed &lt;NONE&gt;).</summary>
    public string? Frontend { get; internal set; }

    public int? FrontendId { get; internal set; }

    /// <summary>The backend (for a request: the one chosen, null when none was, HAProxy printing &lt;NONE&gt;).</summary>
    public string? Backend { get; internal set; }

    public int? BackendId { get; internal set; }

    /// <summary>The server, null when none was known.</summary>
    public string? Server { get; internal set; }

    public int? ServerId { get; internal set; }

    /// <summary>HAProxy's event number, which counts every capture of the process.</summary>
    public long EventId { get; internal set; }

    /// <summary>The client's address, as HAProxy prints it.</summary>
    public string? SourceAddress { get; internal set; }

    public int SourcePort { get; internal set; }

    /// <summary>Where the captured buffer starts in the message's byte stream.</summary>
    public long BufferStart { get; internal set; }

    /// <summary>Bytes at the start of the buffer that were already on their way out.</summary>
    public long BufferOut { get; internal set; }

    /// <summary>Free room left in the buffer.</summary>
    public long BufferFree { get; internal set; }

    /// <summary>Length of the captured data.</summary>
    public long Length { get; internal set; }

    /// <summary>Where the buffer wrapped.</summary>
    public long WrapsAt { get; internal set; }

    /// <summary>The offset in <see cref="Buffer"/> of the byte the parser refused.</summary>
    public long ErrorPosition { get; internal set; }

    /// <summary>The protocol's own lines about its parser state ("H1 connection flags …"), as printed.</summary>
    public IReadOnlyList<string> ParserState { get; internal set; } = Array.Empty<string>();

    /// <summary>The captured bytes, unescaped (each byte one character, as HAProxy escapes them: \t \n \r \e \\ \xHH).</summary>
    public string Buffer { get; internal set; } = string.Empty;

    /// <summary>True when HAProxy saw the capture replaced while printing it, and stopped (the buffer is then partial).</summary>
    public bool Interrupted { get; internal set; }

    public override string ToString() => $"{Proxy} {Direction} #{EventId}";
}
