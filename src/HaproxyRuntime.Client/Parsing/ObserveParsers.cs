using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.Client.Parsing;

/// <summary>Parsers of the observation dumps: <c>show resolvers</c>, <c>show peers</c>, <c>show cache</c>,
/// <c>get var</c>. Each throws <see cref="FormatException"/> on a line it does not know, which the request turns into
/// an unexpected-answer error (never a partial result that looks whole).</summary>
public static class ObserveParsers
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    // resolvers.c cli_io_handler_dump_resolvers_to_buffer (the same in 2.6-3.4): "Resolvers section <id>", then per
    // nameserver " nameserver <id>:" and "  <counter>: <n>" lines.
    private static readonly Regex ResolversHead = new Regex(@"^Resolvers section (\S+)$", Options);
    private static readonly Regex NameserverHead = new Regex(@"^ nameserver (\S+):$", Options);
    private static readonly Regex Counter = new Regex(@"^  ([a-z_]+):\s+(-?\d+)$", Options);

    public static List<HaproxyResolverNameserver> Resolvers(IReadOnlyList<string> lines)
    {
        var result = new List<HaproxyResolverNameserver>();
        if (lines.Count == 1 && lines[0].Trim() == "No resolvers found") return result;
        string? section = null, nameserver = null;
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        void Flush()
        {
            if (nameserver != null) result.Add(new HaproxyResolverNameserver(section!, nameserver, counters));
            nameserver = null;
            counters = new Dictionary<string, long>(StringComparer.Ordinal);
        }
        foreach (var line in lines)
        {
            Match m;
            if ((m = ResolversHead.Match(line)).Success) { Flush(); section = m.Groups[1].Value; }
            else if ((m = NameserverHead.Match(line)).Success && section != null) { Flush(); nameserver = m.Groups[1].Value; }
            else if ((m = Counter.Match(line)).Success && nameserver != null)
            {
                counters[m.Groups[1].Value] = long.Parse(m.Groups[2].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            }
            else if (line.Length != 0) throw new FormatException($"Unexpected line in 'show resolvers': {line}");
        }
        Flush();
        return result;
    }

    // peers.c cli_io_handler_show_peers / peers_dump_head / peers_dump_peer (3.4; 2.6 lacks app_state/learn_state):
    // "<ptr>: [dd/Mon/yyyy:HH:MM:SS] id=<name> disabled=<n> flags=0x<x> resync_timeout=<t> task_calls=<n>",
    // each peer "  <ptr>: id=<name>(local|remote,active|inactive) addr=<a>:<port> key=value…", then continuation lines
    // of key=value words (8 spaces), the shared tables and dictionaries (indented, skipped), an empty line between
    // sections.
    private static readonly Regex PeersHead = new Regex(@"^(?:0x[0-9a-fA-F]+|\(nil\)): \[(\d{2}/[A-Za-z]{3}/\d{4}:\d{2}:\d{2}:\d{2})\] id=(\S+) disabled=(\d+) flags=0x([0-9a-fA-F]+) resync_timeout=(\S+) task_calls=(\d+)$", Options);
    private static readonly Regex PeerHead = new Regex(@"^  (?:0x[0-9a-fA-F]+|\(nil\)): id=(\S+)\((local|remote),(active|inactive)\) addr=(\S*):(\d+)(.*)$", Options);
    private static readonly Regex KeyValue = new Regex(@"(?:^|\s)([a-z_]+)=(\S*)", Options);

    public static List<HaproxyPeer> Peers(IReadOnlyList<string> lines)
    {
        var result = new List<HaproxyPeer>();
        HaproxyPeerSection? section = null;
        (string Name, bool Local, bool Active, string Address, int Port, Dictionary<string, string> Fields)? peer = null;
        bool inTables = false;
        void Flush()
        {
            if (peer is { } p) result.Add(new HaproxyPeer(section!, p.Name, p.Local, p.Active, p.Address, p.Port, p.Fields));
            peer = null;
            inTables = false;
        }
        foreach (var line in lines)
        {
            Match m;
            if (line.Length == 0) { Flush(); continue; }
            if ((m = PeersHead.Match(line)).Success)
            {
                Flush();
                DateTime? changed = DateTime.TryParseExact(m.Groups[1].Value, "dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
                section = new HaproxyPeerSection(m.Groups[2].Value, changed, m.Groups[3].Value != "0",
                    int.Parse(m.Groups[4].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), m.Groups[5].Value,
                    long.Parse(m.Groups[6].Value, NumberStyles.None, CultureInfo.InvariantCulture));
            }
            else if ((m = PeerHead.Match(line)).Success && section != null)
            {
                Flush();
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                AddFields(m.Groups[6].Value, fields);
                peer = (m.Groups[1].Value, m.Groups[2].Value == "local", m.Groups[3].Value == "active", m.Groups[4].Value,
                        int.Parse(m.Groups[5].Value, NumberStyles.None, CultureInfo.InvariantCulture), fields);
            }
            else if (peer is { } p && line.StartsWith("        ", StringComparison.Ordinal))
            {
                string text = line.Trim();
                // The shared tables and dictionaries that follow are per-table details, not the peer's own fields.
                if (text.StartsWith("remote_table:", StringComparison.Ordinal) || text.StartsWith("last_local_table:", StringComparison.Ordinal) ||
                    text == "shared tables:") inTables = true;
                if (inTables) continue;
                // "appctx:<ptr> st0=… state=…": the appctx pointer itself is not a field.
                AddFields(text, p.Fields);
            }
            else throw new FormatException($"Unexpected line in 'show peers': {line}");
        }
        Flush();
        return result;
    }

    private static void AddFields(string text, Dictionary<string, string> fields)
    {
        foreach (Match kv in KeyValue.Matches(text))
        {
            // First one wins: "addr=" appears twice, the configured one first (already taken from the head).
            if (!fields.ContainsKey(kv.Groups[1].Value)) fields[kv.Groups[1].Value] = kv.Groups[2].Value;
        }
    }

    // cache.c cli_io_handler_show_cache (the same in 2.6-3.4): "<ptr>: <name> (shctx:<ptr>, available blocks:<n>)",
    // then per live entry "<ptr> hash:<u> vary:0x<hex> size:<u> (<u> blocks), refcount:<u>, expire:<d>".
    private static readonly Regex CacheHead = new Regex(@"^(?:0x[0-9a-fA-F]+|\(nil\)): (\S+) \(shctx:\S+, available blocks:(-?\d+)\)$", Options);
    private static readonly Regex CacheEntry = new Regex(@"^(?:0x[0-9a-fA-F]+|\(nil\)) hash:(\d+) vary:0x([0-9a-fA-F]*) size:(\d+) \((\d+) blocks\), refcount:(\d+), expire:(-?\d+)$", Options);

    public static List<HaproxyCache> Caches(IReadOnlyList<string> lines)
    {
        var result = new List<HaproxyCache>();
        string? name = null;
        long available = 0;
        var entries = new List<HaproxyCacheEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Flush()
        {
            if (name != null) result.Add(new HaproxyCache(name, available, entries));
            entries = new List<HaproxyCacheEntry>();
            seen.Clear();
        }
        foreach (var line in lines)
        {
            Match m;
            if ((m = CacheHead.Match(line)).Success)
            {
                Flush();
                name = m.Groups[1].Value;
                available = long.Parse(m.Groups[2].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            }
            else if ((m = CacheEntry.Match(line)).Success && name != null)
            {
                // An expired entry leaves the previous line in HAProxy's buffer, which is written again: one line per
                // entry pointer.
                if (!seen.Add(line)) continue;
                long L(int g) => long.Parse(m.Groups[g].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                entries.Add(new HaproxyCacheEntry(name, uint.Parse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture),
                    m.Groups[2].Value, L(3), L(4), L(5), L(6)));
            }
            else if (line.Length != 0) throw new FormatException($"Unexpected line in 'show cache': {line}");
        }
        Flush();
        return result;
    }

    /// <summary><c>get var</c>'s answer text (vars.c vars_parse_cli_get_var, the same in 2.6):
    /// "&lt;name&gt;: type=&lt;type&gt; value=&lt;…&gt;" or "value=(undisplayable)". The value is everything between the
    /// first '&lt;' after "value=" and the last '&gt;': it may itself hold either.</summary>
    public static HaproxyVariable Variable(string name, string text)
    {
        string head = name + ": type=";
        if (!text.StartsWith(head, StringComparison.Ordinal)) throw new FormatException($"Unexpected answer to 'get var': {text}");
        int typeEnd = text.IndexOf(" value=", head.Length, StringComparison.Ordinal);
        if (typeEnd < 0) throw new FormatException($"Unexpected answer to 'get var': {text}");
        string type = text.Substring(head.Length, typeEnd - head.Length);
        string rest = text.Substring(typeEnd + 7);
        if (rest == "(undisplayable)") return new HaproxyVariable(name, type, null);
        if (rest.Length < 2 || rest[0] != '<' || rest[rest.Length - 1] != '>') throw new FormatException($"Unexpected answer to 'get var': {text}");
        return new HaproxyVariable(name, type, rest.Substring(1, rest.Length - 2));
    }

    // sink.c cli_parse_show_events without a sink (2.6-3.4): a warning-level message, a heading, then per sink
    // "    %-10s : type=<init|fd|buffer|?>, %u dropped, <description>".
    private const string SinksHeading = "Supported events sinks are listed below.";
    private static readonly Regex SinkLine = new Regex(@"^    (\S+)\s+: type=(\S+), (\d+) dropped, (.*)$", Options);

    /// <summary>Whether a message is the sink list (its heading), whose wording after the first sentence changes with
    /// the options a version has (2.6: "-w(wait), -n(new)"; 3.4.7 adds -0 and -s).</summary>
    public static bool IsSinkList(IReadOnlyList<string> lines) => lines.Count > 0 && lines[0].StartsWith(SinksHeading, StringComparison.Ordinal);

    public static List<HaproxyEventSink> EventSinks(IReadOnlyList<string> lines)
    {
        var result = new List<HaproxyEventSink>();
        for (int i = 1; i < lines.Count; i++)
        {
            var m = SinkLine.Match(lines[i]);
            if (!m.Success)
            {
                if (lines[i].Length == 0) continue;
                throw new FormatException($"Unexpected line in 'show events': {lines[i]}");
            }
            result.Add(new HaproxyEventSink(m.Groups[1].Value, m.Groups[2].Value,
                long.Parse(m.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture), m.Groups[4].Value));
        }
        return result;
    }

    // A log line's syslog header: "<PRI>" then, in RFC 5424, "1 <timestamp> ".
    private static readonly Regex SyslogHead = new Regex(@"^<(\d{1,3})>(?:1 (\S+) )?", Options);

    /// <summary>One line of a ring (ring.c cli_io_handler_show_ring: each message followed by LF) as an event.</summary>
    public static HaproxyEvent Event(string sink, string line)
    {
        int? priority = null;
        DateTimeOffset? time = null;
        var m = SyslogHead.Match(line);
        if (m.Success)
        {
            priority = int.Parse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            if (m.Groups[2].Success && DateTimeOffset.TryParse(m.Groups[2].Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) time = t;
        }
        return new HaproxyEvent(sink, line, priority, time);
    }

    // errors.c print_message (2.6-3.4): "[<label>]" padded to 10 characters, " (<pid>) : ", the message; a message of
    // several lines continues on lines of its own.
    private static readonly Regex StartupHead = new Regex(@"^\[([A-Z]+)\] *\((\d+)\) : (.*)$", Options);

    public static List<HaproxyStartupLogEntry> StartupLog(IReadOnlyList<string> lines)
    {
        var result = new List<HaproxyStartupLogEntry>();
        string? level = null;
        int? pid = null;
        System.Text.StringBuilder? text = null;
        void Flush()
        {
            if (text != null) result.Add(new HaproxyStartupLogEntry(level, pid, text.ToString()));
            text = null;
        }
        foreach (var line in lines)
        {
            var m = StartupHead.Match(line);
            if (m.Success)
            {
                Flush();
                level = m.Groups[1].Value;
                pid = int.Parse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture);
                text = new System.Text.StringBuilder(m.Groups[3].Value);
            }
            else if (text != null) text.Append('\n').Append(line);
            else
            {
                level = null;
                pid = null;
                text = new System.Text.StringBuilder(line);
            }
        }
        Flush();
        return result;
    }
}
