using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.Client.Parsing;

/// <summary>Parses <c>show errors</c> (proxy.c cli_io_handler_show_errors, the same in 2.6, 3.0, 3.2 and 3.4).</summary>
/// <remarks>
/// After a "Total events captured on […] : N" line, each capture starts with a line holding one space, then
/// "[dd/Mon/yyyy:hh:mm:ss.mmm] frontend &lt;name&gt; (#id): invalid request" (or "backend … invalid response"), three
/// indented lines (the other proxy, server, event and source; the buffer's position and sizes; its length, wrap and
/// error position), the protocol's own indented lines about its parser (mux_h1.c h1_show_error_snapshot), a line of two
/// spaces, then the buffer (tools.c dump_text_line): "  &lt;offset&gt;&lt;' ' or '+'&gt; &lt;text&gt;", at most one input
/// line per output line, a long one continued on lines marked '+', with \t \n \r \e \\ and \xHH escapes.
/// </remarks>
public static class ErrorSnapshotParser
{
    private static readonly Regex Head = new Regex(
        @"^\[(?<time>[^\]]+)\] (?<kind>frontend|backend) (?<name>.*) \(#(?<id>-?\d+)\): invalid (?<dir>request|response)$",
        RegexOptions.CultureInvariant);

    private static readonly Regex Other = new Regex(
        @"^  (?<kind>frontend|backend) (?<name>.*) \(#(?<id>-?\d+)\), server (?<srv>.*) \(#(?<sid>-?\d+)\), event #(?<ev>\d+), src (?<src>.*)$",
        RegexOptions.CultureInvariant);

    private static readonly Regex Sizes = new Regex(
        @"^  buffer starts at (?<start>\d+) \(including (?<out>\d+) out\), (?<free>-?\d+) free,$", RegexOptions.CultureInvariant);

    private static readonly Regex Lengths = new Regex(
        @"^  len (?<len>\d+), wraps at (?<wrap>\d+), error at position (?<err>\d+)$", RegexOptions.CultureInvariant);

    private static readonly Regex BufferLine = new Regex(@"^  (?<ofs>\d{5,})(?<cont>[ +]) (?<text>.*)$", RegexOptions.CultureInvariant);

    public static List<HaproxyCapturedError> Parse(IReadOnlyList<string> lines)
    {
        var errors = new List<HaproxyCapturedError>();
        HaproxyCapturedError? current = null;
        List<string>? state = null;
        StringBuilder? buffer = null;
        bool inBuffer = false;

        void Finish()
        {
            if (current is null) return;
            current.ParserState = state!.ToArray();
            current.Buffer = buffer!.ToString();
            errors.Add(current);
            current = null;
        }

        foreach (var line in lines)
        {
            var head = Head.Match(line);
            if (head.Success)
            {
                Finish();
                var direction = head.Groups["dir"].Value == "request" ? HaproxyErrorDirection.Request : HaproxyErrorDirection.Response;
                current = new HaproxyCapturedError(head.Groups["name"].Value, Int(head.Groups["id"].Value) ?? 0, direction)
                {
                    Time = Time(head.Groups["time"].Value),
                };
                if (direction == HaproxyErrorDirection.Request) { current.Frontend = current.Proxy; current.FrontendId = current.ProxyId; }
                else { current.Backend = current.Proxy; current.BackendId = current.ProxyId; }
                state = new List<string>();
                buffer = new StringBuilder();
                inBuffer = false;
                continue;
            }
            if (current is null) continue;
            if (line.StartsWith("  WARNING! ", StringComparison.Ordinal))
            {
                current.Interrupted = true;
                continue;
            }
            if (inBuffer)
            {
                var m = BufferLine.Match(line);
                if (m.Success) Unescape(m.Groups["text"].Value, buffer!);
                continue;
            }
            Match g;
            if ((g = Other.Match(line)).Success)
            {
                string? name = g.Groups["name"].Value == "<NONE>" ? null : g.Groups["name"].Value;
                int? id = name is null ? null : Int(g.Groups["id"].Value);
                if (g.Groups["kind"].Value == "backend") { current.Backend = name; current.BackendId = id; }
                else { current.Frontend = name; current.FrontendId = id; }
                current.Server = g.Groups["srv"].Value == "<NONE>" ? null : g.Groups["srv"].Value;
                current.ServerId = current.Server is null ? null : Int(g.Groups["sid"].Value);
                current.EventId = Long(g.Groups["ev"].Value);
                string src = g.Groups["src"].Value;
                int sep = src.LastIndexOf(':');
                current.SourceAddress = sep < 0 ? src : src.Substring(0, sep);
                current.SourcePort = sep < 0 ? 0 : Int(src.Substring(sep + 1)) ?? 0;
            }
            else if ((g = Sizes.Match(line)).Success)
            {
                current.BufferStart = Long(g.Groups["start"].Value);
                current.BufferOut = Long(g.Groups["out"].Value);
                current.BufferFree = Long(g.Groups["free"].Value);
            }
            else if ((g = Lengths.Match(line)).Success)
            {
                current.Length = Long(g.Groups["len"].Value);
                current.WrapsAt = Long(g.Groups["wrap"].Value);
                current.ErrorPosition = Long(g.Groups["err"].Value);
            }
            else if (line == "  ")
            {
                inBuffer = true;
            }
            else if (line.StartsWith("  ", StringComparison.Ordinal))
            {
                state!.Add(line.Substring(2));
            }
        }
        Finish();
        return errors;
    }

    /// <summary>Undoes dump_text_line's escapes (tools.c): \t \n \r \e \\ and \xHH; every other byte is printed as is.
    /// Each byte becomes one character (Latin-1), so no byte is lost or merged.</summary>
    public static void Unescape(string text, StringBuilder into)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                into.Append(c);
                continue;
            }
            char e = text[++i];
            switch (e)
            {
                case 't': into.Append('\t'); break;
                case 'n': into.Append('\n'); break;
                case 'r': into.Append('\r'); break;
                case 'e': into.Append('\u001b'); break;
                case '\\': into.Append('\\'); break;
                case 'x' when i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]):
                    into.Append((char)int.Parse(text.Substring(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                default:
                    into.Append('\\').Append(e);
                    break;
            }
        }
    }

    private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

    private static DateTime Time(string text) =>
        DateTime.TryParseExact(text, "dd/MMM/yyyy:HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : default;

    private static long Long(string v) => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static int? Int(string v) => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
}
