using System;
using System.Collections.Generic;
using HaproxyRuntime.Client.Answers;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Requests;

/// <summary>Observation: resolvers, peers, caches, process-wide variables.</summary>
public static partial class HaproxyRequests
{
    /// <summary><c>show resolvers [&lt;section&gt;]</c>: every nameserver of every resolvers section (or of one) with its
    /// counters. HAProxy 3.x may add a "default" section of its own (from /etc/resolv.conf).</summary>
    public static CliRequest<List<HaproxyResolverNameserver>> GetResolvers(string? section = null)
    {
        string? s = section is null ? null : CliArgument.Name(section, "Resolvers");
        return new CliRequest<List<HaproxyResolverNameserver>>(s is null ? "show resolvers" : "show resolvers " + s, false,
            "Read resolvers", s ?? "resolvers", (r, c) => Parse(() => ObserveParsers.Resolvers(HaproxyAnswers.ShowResolvers.Data(r, c)), c));
    }

    /// <summary><c>show peers [- &lt;section&gt;]</c>: every peer of every peers section (or of one). The "-" lets a
    /// section be named "dict" (peers.c cli_parse_show_peers, the same in 2.6). HAProxy puts an empty line between
    /// sections, which would end the answer early on a shared connection: the request goes on a connection of its own,
    /// framed by HAProxy closing it.</summary>
    public static CliRequest<List<HaproxyPeer>> GetPeers(string? section = null)
    {
        string? s = section is null ? null : CliArgument.Name(section, "Section");
        var request = new CliRequest<List<HaproxyPeer>>(s is null ? "show peers" : "show peers - " + s, false,
            "Read peers", s ?? "peers", (r, c) => Parse(() => ObserveParsers.Peers(HaproxyAnswers.ShowPeers.Data(r, c)), c));
        request.AnswerHasBlankLines = true;
        return request;
    }

    /// <summary><c>show cache</c> (admin level): every cache with its live entries.</summary>
    public static CliRequest<List<HaproxyCache>> GetCaches() =>
        new CliRequest<List<HaproxyCache>>("show cache", false, "Read caches", "caches",
            (r, c) => Parse(() => ObserveParsers.Caches(HaproxyAnswers.ShowCache.Data(r, c)), c));

    /// <summary><c>get var &lt;name&gt;</c> (operator level): a process-wide variable.</summary>
    public static CliRequest<HaproxyVariable> GetVariable(string name)
    {
        string n = VariableName(name);
        return new CliRequest<HaproxyVariable>("get var " + n, false, "Read variable", n, (r, c) =>
        {
            // An answer at info level (cli_msg); anything else is a refusal or unknown.
            if (r.Severity != 6 || r.Lines.Count != 1)
            {
                if (r.IsEmpty) throw new HaproxyCommandException($"Variable not found: '{n}'.", HaproxyErrorKind.NotFound, c.Line, string.Empty);
                HaproxyAnswers.GetVar.Judge(r, c);
                throw HaproxyErrorClassifier.ToException(r, c);
            }
            return Parse(() => ObserveParsers.Variable(n, r.Lines[0]), c);
        });
    }

    /// <summary><c>set var &lt;name&gt; fmt &lt;value&gt;</c>: sets a process-wide variable to the string
    /// <paramref name="value"/>, exactly. In a format only '%' is special ("%%" is a literal '%', log.c
    /// lf_expr_compile; no space merging for set-var-fmt, vars.c parse_store), and the CLI's backslash escaping carries
    /// every other character. The command needs experimental mode in every version (ACCESS_EXPERIMENTAL), turned on for
    /// this request only.</summary>
    public static CliRequest<CliDone> SetVariable(string name, string value)
    {
        string n = VariableName(name);
        CliArgument.CheckSendable(value, "Value");
        string text = $"set var {n} fmt {CliArgument.Escape(value.Replace("%", "%%"), "Value")}";
        return new CliRequest<CliDone>(text, true, "Set variable", n, HaproxyAnswers.SetVar.Interpret, ExperimentalOn, ExperimentalOff);
    }

    /// <summary><c>set var &lt;name&gt; expr &lt;expression&gt;</c>: sets a process-wide variable to the result of a
    /// sample expression (internal fetches and converters only, e.g. <c>int(42)</c>, <c>var(proc.a),add(1)</c>), sent as
    /// one escaped word.</summary>
    public static CliRequest<CliDone> SetVariableExpression(string name, string expression)
    {
        string n = VariableName(name);
        string text = $"set var {n} expr {CliArgument.Escape(expression, "Expression")}";
        return new CliRequest<CliDone>(text, true, "Set variable", n, HaproxyAnswers.SetVar.Interpret, ExperimentalOn, ExperimentalOff);
    }

    /// <summary><c>show events</c> without a sink: the sinks, from HAProxy's warning-level list.</summary>
    public static CliRequest<List<HaproxyEventSink>> GetEventSinks() =>
        new CliRequest<List<HaproxyEventSink>>("show events", false, "List event sinks", "events", (r, c) =>
        {
            if (r.Severity == 4 && ObserveParsers.IsSinkList(r.Lines)) return Parse(() => ObserveParsers.EventSinks(r.Lines), c);
            HaproxyAnswers.ShowEvents.Judge(r, c);
            throw HaproxyErrorClassifier.ToException(r, c);
        });

    /// <summary><c>show events &lt;sink&gt; -n</c>: seeks to the end of the ring, so it answers nothing for a ring
    /// buffer and names what is wrong otherwise (no such sink, not a ring, the level). Sent before reading or following
    /// a ring, whose events are then all data, whatever their text.</summary>
    public static CliRequest<CliDone> CheckEventSink(string sink)
    {
        string s = SinkName(sink);
        return new CliRequest<CliDone>($"show events {s} -n", false, "Check event sink", s, HaproxyAnswers.ShowEvents.Interpret);
    }

    /// <summary><c>show events &lt;sink&gt;</c>: the events the ring holds, one per line (ring.c). On a connection of its
    /// own, framed by HAProxy closing it: an event may be an empty line. Every line is data (a line that begins like a
    /// severity prefix is an event too): send <see cref="CheckEventSink"/> first.</summary>
    public static CliRequest<List<HaproxyEvent>> GetEvents(string sink)
    {
        string s = SinkName(sink);
        var request = new CliRequest<List<HaproxyEvent>>($"show events {s}", false, "Read events", s, (r, c) =>
        {
            var events = new List<HaproxyEvent>();
            if (r.IsEmpty) return events;
            foreach (var line in r.Raw.Split('\n')) events.Add(ObserveParsers.Event(s, line));
            return events;
        });
        request.AnswerHasBlankLines = true;
        return request;
    }

    /// <summary><c>show events &lt;sink&gt; -w</c>: the ring's events, then each new one as it comes, until the
    /// connection is closed (HaproxySession.Follow). Its interpreter reads one line.</summary>
    public static CliRequest<HaproxyEvent> FollowEvents(string sink)
    {
        string s = SinkName(sink);
        return new CliRequest<HaproxyEvent>($"show events {s} -w", false, "Follow events", s,
            (r, c) => ObserveParsers.Event(s, r.Lines.Count == 0 ? string.Empty : r.Lines[0]));
    }

    /// <summary>A sink name: a ring section's name (or stdout, stderr, buf0…), one word.</summary>
    private static string SinkName(string? sink) => CliArgument.Word(sink, "Sink");

    /// <summary><c>show startup-logs</c> (operator level): what HAProxy logged while starting. On a connection of its
    /// own: a message may hold an empty line.</summary>
    public static CliRequest<List<HaproxyStartupLogEntry>> GetStartupLog()
    {
        var request = new CliRequest<List<HaproxyStartupLogEntry>>("show startup-logs", false, "Read startup logs", "process", (r, c) =>
        {
            if (r.Severity is not null)
            {
                HaproxyAnswers.ShowStartupLogs.Judge(r, c);
                return new List<HaproxyStartupLogEntry>();
            }
            return ObserveParsers.StartupLog(r.Lines);
        });
        request.AnswerHasBlankLines = true;
        return request;
    }

    /// <summary>A process-wide variable name: HAProxy's CLI reads and sets only scope 'proc', and a name holds letters,
    /// digits, '_' and '.' (vars.c register_name).</summary>
    private static string VariableName(string? name)
    {
        CliArgument.CheckSendable(name, "Name");
        if (!name!.StartsWith("proc.", StringComparison.Ordinal) || name.Length == 5)
        {
            throw new HaproxyArgumentException("Name",
                $"Name '{CliArgument.Printable(name)}' is not a process-wide variable: HAProxy's CLI only reads and sets 'proc.<name>' variables.");
        }
        foreach (char c in name)
        {
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
            if (!ok)
            {
                throw new HaproxyArgumentException("Name",
                    $"Name '{CliArgument.Printable(name)}' contains '{CliArgument.Printable(c.ToString())}'. HAProxy variable names may only contain letters, digits, '_' and '.'.");
            }
        }
        return name;
    }

    /// <summary>A dump HAProxy answered in a shape its source does not print: an unexpected answer, never a partial
    /// result.</summary>
    private static T Parse<T>(Func<T> parse, CliRequest request)
    {
        try
        {
            return parse();
        }
        catch (FormatException ex)
        {
            throw new HaproxyProtocolException(ex.Message, request.Line, ex);
        }
    }
}
