using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HaproxyRuntime.Client.Answers;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Requests;

/// <summary>Statistics: <c>show stat</c> read whole, <c>clear counters</c>.</summary>
public static partial class HaproxyRequests
{
    /// <summary>
    /// Every row of <c>show stat</c> (frontends, backends, servers, listeners) with all its fields, or those of the types
    /// given. With <paramref name="proxy"/>, <c>show stat &lt;proxy&gt; &lt;type mask&gt; -1</c>: HAProxy dumps that proxy
    /// alone (type mask: 1 frontends, 2 backends, 4 servers, 8 listeners; stats-proxy.c, the same in 2.6).
    /// </summary>
    /// <remarks>HAProxy looks the first argument up as a name, and when no proxy has that name takes its leading digits
    /// as a proxy id (atoi, stats.c cli_parse_show_stat): "12abc" would dump proxy #12, "-1" every proxy. So rows are
    /// kept only when they belong to <paramref name="proxy"/>; for a name that reads as a number the type mask is -1, so
    /// that a proxy that exists always shows a row and "no row of that name" means it does not exist. Without a proxy,
    /// the dump is unfiltered and rows are picked here (see <see cref="GetFrontends"/> for why not "-1").</remarks>
    public static CliRequest<List<HaproxyStat>> GetStats(string? proxy = null, IReadOnlyCollection<HaproxyStatType>? types = null)
    {
        Func<HaproxyStatType, bool> typeWanted = types is null || types.Count == 0 ? _ => true : types.Contains;
        if (proxy is null)
        {
            Func<HaproxyStatType, string, bool>? all = types is null || types.Count == 0 ? null : (t, _) => typeWanted(t);
            return new CliRequest<List<HaproxyStat>>("show stat", false, "Read statistics", "statistics",
                (r, c) => StatCsvParser.Stats(HaproxyAnswers.ShowStat.Data(r, c), all), lineParser: () => StatCsvParser.StatParser(all));
        }
        string p = CliArgument.Name(proxy, "Name");
        bool readsAsId = ReadsAsProxyId(p);
        int mask = types is null || types.Count == 0 || readsAsId ? -1 : types.Distinct().Sum(t => 1 << (int)t);
        Func<HaproxyStatType, string, bool> keep = (t, px) => px == p && typeWanted(t);
        // With mask -1 every proxy that exists has a row, kept or not by type: none means no such proxy.
        Func<HaproxyStatType, string, bool> seen = (t, px) => px == p;
        string text = $"show stat {p} {mask.ToString(CultureInfo.InvariantCulture)} -1";
        return new CliRequest<List<HaproxyStat>>(text, false, "Read statistics", p,
            (r, c) =>
            {
                var lines = HaproxyAnswers.ShowStat.Data(r, c);
                if (readsAsId && StatCsvParser.Stats(lines, seen).Count == 0) throw NoSuchProxy(p, c);
                return StatCsvParser.Stats(lines, keep);
            },
            lineParser: readsAsId ? null : () => StatCsvParser.StatParser(keep));
    }

    /// <summary>Whether HAProxy's atoi would read a name as a non-zero proxy id (optional sign, then a digit other than
    /// a run of zeros).</summary>
    private static bool ReadsAsProxyId(string name)
    {
        int i = 0;
        while (i < name.Length && (name[i] == ' ' || name[i] == '\t')) i++;
        if (i < name.Length && (name[i] == '-' || name[i] == '+')) i++;
        for (; i < name.Length && name[i] >= '0' && name[i] <= '9'; i++)
        {
            if (name[i] != '0') return true;
        }
        return false;
    }

    private static HaproxyCommandException NoSuchProxy(string proxy, CliRequest request) =>
        new HaproxyCommandException($"No such proxy: '{proxy}'.", HaproxyErrorKind.NotFound, request.Line, string.Empty);

    /// <summary><c>clear counters</c> (operator level): resets the maximums (smax, rate_max, qtime_max…) and HAProxy's
    /// process-wide maximum rates. With <paramref name="all"/>, <c>clear counters all</c> (admin level) resets every
    /// counter of every proxy, server and listener. Both answer nothing (stats.c cli_parse_clear_counters).</summary>
    public static CliRequest<CliDone> ClearCounters(bool all = false) =>
        new CliRequest<CliDone>(all ? "clear counters all" : "clear counters", true,
            all ? "Clear all counters" : "Clear maximum counters", "statistics", HaproxyAnswers.ClearCounters.Interpret);
}
