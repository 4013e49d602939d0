using System;
using System.Collections.Generic;
using System.Globalization;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Parsing;

/// <summary>Parses the short form of <c>show sess</c>: one line per stream (stream.c cli_io_handler_dump_sess).</summary>
/// <remarks>
/// A line is "&lt;pointer&gt;: proto=…", then " src=&lt;addr&gt;:&lt;port&gt; fe=… be=… srv=…" (or "src=unix:&lt;id&gt;",
/// or nothing for a stream without a client connection), then " ts=… epoch=… age=… calls=… rate=… cpu=… lat=…" —
/// the same in 2.6, 3.0, 3.2 and 3.4 — followed by the channels (rq[…] rp[…]), the connectors (scf=[…] scb=[…]),
/// "exp=… rc=… c_exp=…", an optional " run(nice=…)" and, with show-uri (3.2+), " uri="…"" last. 2.6 prints more
/// fields inside rq[…]/rp[…] and fewer inside scf/scb: fields are read by name or by leading position, so both fit.
/// </remarks>
public static class StreamParser
{
    private static readonly char[] Space = { ' ' };

    /// <summary>One stream per line; a line that is not a stream's ("0x…: …") is skipped.</summary>
    public static List<HaproxyStream> Parse(IReadOnlyList<string> lines)
    {
        var streams = new List<HaproxyStream>(lines.Count);
        foreach (var line in lines)
        {
            var stream = ParseLine(line);
            if (stream != null) streams.Add(stream);
        }
        return streams;
    }

    /// <summary>The stream a short-form line describes, or null when the line is not one.</summary>
    public static HaproxyStream? ParseLine(string line)
    {
        int colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 2 || !line.StartsWith("0x", StringComparison.Ordinal)) return null;
        var stream = new HaproxyStream(line.Substring(0, colon), line);
        string rest = line.Substring(colon + 2);
        // The URI is free text in quotes, always last (it may hold anything a URI may): taken off before splitting.
        int uri = rest.IndexOf(" uri=\"", StringComparison.Ordinal);
        if (uri >= 0)
        {
            string quoted = rest.Substring(uri + 6);
            stream.Uri = quoted.EndsWith("\"", StringComparison.Ordinal) ? quoted.Substring(0, quoted.Length - 1) : quoted;
            rest = rest.Substring(0, uri);
        }
        foreach (var token in rest.Split(Space, StringSplitOptions.RemoveEmptyEntries))
        {
            Apply(stream, token);
        }
        return stream;
    }

    private static void Apply(HaproxyStream s, string token)
    {
        if (token.StartsWith("rq[", StringComparison.Ordinal) || token.StartsWith("rp[", StringComparison.Ordinal))
        {
            bool request = token[1] == 'q';
            foreach (var (key, value) in Inner(token.Substring(3)))
            {
                switch (key)
                {
                    case "f": if (request) s.RequestFlags = value; else s.ResponseFlags = value; break;
                    case "i":
                        long bytes = Long(value);
                        if (request) s.RequestBytes = bytes; else s.ResponseBytes = bytes;
                        break;
                    case "an": if (request) s.RequestAnalysers = value; else s.ResponseAnalysers = value; break;
                }
            }
            return;
        }
        if (token.StartsWith("scf=[", StringComparison.Ordinal) || token.StartsWith("scb=[", StringComparison.Ordinal))
        {
            bool front = token[2] == 'f';
            string[] parts = token.Substring(5).TrimEnd(']').Split(',');
            int? state = parts.Length > 0 ? Int(parts[0]) : null;
            string? flags = parts.Length > 1 ? parts[1] : null;
            int? fd = null;
            foreach (var part in parts)
            {
                if (part.StartsWith("fd=", StringComparison.Ordinal)) fd = Int(part.Substring(3));
            }
            if (front) { s.FrontState = state; s.FrontFlags = flags; s.FrontFd = fd; }
            else { s.BackState = state; s.BackFlags = flags; s.BackFd = fd; }
            return;
        }
        if (token.StartsWith("run(", StringComparison.Ordinal))
        {
            s.Running = true;
            return;
        }
        int eq = token.IndexOf('=');
        if (eq <= 0) return;
        string name = token.Substring(0, eq), v = token.Substring(eq + 1);
        switch (name)
        {
            case "proto": s.Protocol = v; break;
            case "src":
                int sep = v.LastIndexOf(':');
                if (v.StartsWith("unix:", StringComparison.Ordinal) || sep < 0) s.SourceAddress = v;
                else
                {
                    s.SourceAddress = v.Substring(0, sep);
                    s.SourcePort = Int(v.Substring(sep + 1));
                }
                break;
            case "fe": s.Frontend = v; break;
            case "be": s.Backend = v == "<NONE>" ? null : v; break;
            case "srv": s.Server = v == "<none>" ? null : v; break;
            case "ts": s.TaskState = v; break;
            case "epoch": s.Epoch = v; break;
            case "age": s.Age = HumanTime(v); break;
            case "calls": s.Calls = Long(v); break;
            case "rate": s.Rate = Long(v); break;
            case "cpu": s.CpuTime = Nanoseconds(v); break;
            case "lat": s.Latency = Nanoseconds(v); break;
            case "exp": s.Expires = HumanTime(v); break;
            case "rc": s.Retries = Int(v); break;
        }
    }

    private static IEnumerable<(string Key, string Value)> Inner(string body)
    {
        foreach (var part in body.TrimEnd(']').Split(','))
        {
            int eq = part.IndexOf('=');
            if (eq > 0) yield return (part.Substring(0, eq), part.Substring(eq + 1));
        }
    }

    /// <summary>HAProxy's human_time() (tools.c): up to two of "&lt;n&gt;d", "&lt;n&gt;h", "&lt;n&gt;m", "&lt;n&gt;s", "0s"
    /// for zero, "?" for a negative time; empty when there is none. Null for "?" and empty.</summary>
    public static TimeSpan? HumanTime(string text)
    {
        if (text.Length == 0 || text == "?") return null;
        long seconds = 0, number = 0;
        bool digits = false;
        foreach (char c in text)
        {
            if (c >= '0' && c <= '9')
            {
                number = number * 10 + (c - '0');
                digits = true;
                continue;
            }
            if (!digits) return null;
            switch (c)
            {
                case 'd': seconds += number * 86400; break;
                case 'h': seconds += number * 3600; break;
                case 'm': seconds += number * 60; break;
                case 's': seconds += number; break;
                default: return null;
            }
            number = 0;
            digits = false;
        }
        return digits ? null : TimeSpan.FromSeconds(seconds);
    }

    private static TimeSpan Nanoseconds(string v) =>
        ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var ns) ? TimeSpan.FromTicks((long)Math.Min(ns / 100, (ulong)long.MaxValue)) : TimeSpan.Zero;

    private static long Long(string v) => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static int? Int(string v) => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
}

/// <summary><see cref="StreamParser"/> fed line by line as a <c>show sess</c> answer arrives.</summary>
internal sealed class StreamLineParser : IReplyLineParser<List<HaproxyStream>>
{
    private readonly List<HaproxyStream> _streams = new List<HaproxyStream>();

    public void Add(string line)
    {
        var stream = StreamParser.ParseLine(line);
        if (stream != null) _streams.Add(stream);
    }

    public List<HaproxyStream> Complete() => _streams;
}
