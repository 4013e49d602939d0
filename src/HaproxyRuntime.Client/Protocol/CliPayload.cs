using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Protocol;

/// <summary>
/// Data that travels after a command as a <c>&lt;&lt;</c> payload (a PEM for <c>set ssl cert</c>, map lines for
/// <c>add map</c>). HAProxy reads payload lines as they are — no escaping, no ';' — until the line that ends it, so the
/// whole danger is that line: with the plain <c>&lt;&lt;</c> an empty line ends the payload and whatever follows runs as
/// commands. So the payload is ended by a random terminator no payload line ends with (HAProxy 3.0+), and where HAProxy
/// has only the plain form (2.6) a payload holding an empty line is refused before anything is sent.
/// </summary>
public sealed class CliPayload
{
    // HAProxy 3.0 and 3.2 keep at most 7 characters after '<<' (cli.c, the payload pattern buffer); 3.4 takes 64.
    private const int TerminatorLength = 7;
    private const string TerminatorAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly string[] _lines;

    private CliPayload(string[] lines, int bytes)
    {
        _lines = lines;
        ByteCount = bytes;
    }

    /// <summary>Number of payload lines.</summary>
    public int LineCount => _lines.Length;

    /// <summary>UTF-8 bytes of the payload's lines with their LFs (without the command line and terminator).</summary>
    public int ByteCount { get; }

    /// <summary>True when a line of the payload is empty: only a custom terminator can carry it.</summary>
    public bool HasEmptyLine { get; private set; }

    /// <summary>Checks and splits <paramref name="text"/> into payload lines. LF or CRLF line ends are accepted (a CR
    /// would otherwise reach the data: HAProxy keeps it in payload lines); a NUL, a lone CR or an empty payload is
    /// refused as <paramref name="parameterName"/>'s fault.</summary>
    public static CliPayload FromText(string? text, string parameterName)
    {
        if (string.IsNullOrEmpty(text)) throw new HaproxyArgumentException(parameterName, "The payload is empty; HAProxy refuses an empty payload.");
        string normalized = text!.Replace("\r\n", "\n");
        if (normalized.EndsWith("\n", StringComparison.Ordinal)) normalized = normalized.Substring(0, normalized.Length - 1);
        foreach (char c in normalized)
        {
            if (c == '\0') throw new HaproxyArgumentException(parameterName, "The payload contains a NUL character, which HAProxy's CLI cannot carry.");
            if (c == '\r') throw new HaproxyArgumentException(parameterName, "The payload contains a carriage return outside a CRLF line end; HAProxy would keep it in the data.");
        }
        if (normalized.Length == 0) throw new HaproxyArgumentException(parameterName, "The payload is empty; HAProxy refuses an empty payload.");
        string[] lines = normalized.Split('\n');
        var payload = new CliPayload(lines, Encoding.UTF8.GetByteCount(normalized) + 1);
        foreach (var line in lines)
        {
            if (line.Length == 0) { payload.HasEmptyLine = true; break; }
        }
        return payload;
    }

    /// <summary>The bytes to send: <paramref name="line"/>, the payload start, the lines and the end. With
    /// <paramref name="customTerminator"/> (HAProxy 3.0+) the end is a random word no line equals; without it, the
    /// plain form, which an empty line would end early — so that is refused here, before anything is sent.</summary>
    public string Wire(string line, bool customTerminator)
    {
        string terminator = "";
        if (customTerminator)
        {
            // Not even a line's end may equal it: HAProxy 3.4 moves a payload that outgrows its buffer across whole, and a
            // line split there is read on in two parts, the second checked alone against the terminator (cli.c
            // cli_parse_request after cli_try_realloc_payload). With the plain form that second part can be the lone LF
            // that ends a payload, which is how a large '<<' payload was seen cut short on 3.4.7.
            var tails = new HashSet<string>(StringComparer.Ordinal);
            foreach (var l in _lines) if (l.Length >= TerminatorLength) tails.Add(l.Substring(l.Length - TerminatorLength));
            do terminator = RandomWord(); while (tails.Contains(terminator));
        }
        else if (HasEmptyLine)
        {
            throw new HaproxyArgumentException("Payload",
                "The payload holds an empty line, which ends a payload early on this HAProxy (before 3.0 a payload has no terminator of its own) and would run the lines after it as commands. Nothing was sent.");
        }
        var wire = new StringBuilder(line.Length + ByteCount + 2 * TerminatorLength + 8);
        wire.Append(line).Append(" <<").Append(terminator).Append('\n');
        foreach (var l in _lines) wire.Append(l).Append('\n');
        wire.Append(terminator).Append('\n');
        return wire.ToString();
    }

    /// <summary>How the payload shows in -Verbose and messages: its size, never its data (a private key must not reach
    /// a log).</summary>
    public string Describe() => $"<< ({LineCount} line{(LineCount == 1 ? "" : "s")}, {ByteCount} bytes)";

    private static string RandomWord()
    {
        var bytes = new byte[TerminatorLength];
        using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
        var chars = new char[TerminatorLength];
        for (int i = 0; i < chars.Length; i++) chars[i] = TerminatorAlphabet[bytes[i] % TerminatorAlphabet.Length];
        return new string(chars);
    }
}
