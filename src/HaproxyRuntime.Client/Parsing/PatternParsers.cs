using System;
using System.Collections.Generic;
using System.Globalization;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.Client.Parsing;

/// <summary>Parsers for <c>show map</c>/<c>show acl</c> listings, ACL dumps and <c>get map</c>/<c>get acl</c>.</summary>
public static class PatternParsers
{
    /// <summary>"6 (virt@paths.map) pattern loaded from file ... curr_ver=1 next_ver=1 entry_cnt=2" per line, after a
    /// "# id (file) description" header.</summary>
    public static List<T> ParseList<T>(IReadOnlyList<string> lines, Func<int, string?, T> create) where T : HaproxyPatternSet
    {
        var result = new List<T>();
        foreach (var line in lines)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            int space = line.IndexOf(' ');
            if (space <= 0 || !int.TryParse(line.Substring(0, space), NumberStyles.Integer, CultureInfo.InvariantCulture, out int id)) continue;
            string rest = line.Substring(space + 1);
            string? file = null;
            if (rest.StartsWith("(", StringComparison.Ordinal))
            {
                int close = rest.IndexOf(") ", StringComparison.Ordinal);
                if (close < 0) close = rest.EndsWith(")", StringComparison.Ordinal) ? rest.Length - 1 : -1;
                if (close > 0)
                {
                    file = rest.Substring(1, close - 1);
                    rest = close + 2 <= rest.Length ? rest.Substring(close + 2) : string.Empty;
                }
            }
            var item = create(id, file);
            int versions = rest.LastIndexOf(" curr_ver=", StringComparison.Ordinal);
            item.Description = (versions >= 0 ? rest.Substring(0, versions) : rest).Trim();
            if (versions >= 0)
            {
                foreach (var pair in rest.Substring(versions + 1).Split(' '))
                {
                    int eq = pair.IndexOf('=');
                    if (eq <= 0) continue;
                    long.TryParse(pair.Substring(eq + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n);
                    switch (pair.Substring(0, eq))
                    {
                        case "curr_ver": item.CurrentVersion = (int)n; break;
                        case "next_ver": item.NextVersion = (int)n; break;
                        case "entry_cnt": item.EntryCount = n; break;
                    }
                }
            }
            result.Add(item);
        }
        return result;
    }

    /// <summary><c>show acl &lt;acl&gt;</c>: "0x55d0... pattern" per entry (the pattern is the rest of the line).</summary>
    public static List<HaproxyAclEntry> ParseAclEntries(string acl, IReadOnlyList<string> lines)
    {
        var entries = new List<HaproxyAclEntry>(lines.Count);
        foreach (var line in lines)
        {
            int refEnd = line.IndexOf(' ');
            if (refEnd <= 0) continue;
            entries.Add(new HaproxyAclEntry(acl, line.Substring(refEnd + 1), "#" + line.Substring(0, refEnd)));
        }
        return entries;
    }

    /// <summary>
    /// <c>get map</c>: <c>type=beg, case=sensitive, found=yes, idx=tree, key="/test", value="mybackend1", type="str"</c>;
    /// <c>get acl</c>: <c>type=ip, case=sensitive, match=yes, idx=tree, pattern="10.0.0.1"</c>; a miss ends at found=no/match=no.
    /// </summary>
    public static HaproxyPatternMatch ParseMatch(string set, string sample, IReadOnlyList<string> lines)
    {
        var match = new HaproxyPatternMatch(set, sample);
        // One line per pattern expression using the list; the first one answers for the set.
        string line = lines.Count > 0 ? lines[0] : string.Empty;
        match.MatchType = Field(line, "type=", ",");
        string? found = Field(line, "found=", ",") ?? Field(line, "match=", ",");
        match.Found = found != null && found.StartsWith("yes", StringComparison.Ordinal);
        if (match.Found)
        {
            match.Key = Quoted(line, "key=\"", "\", value=\"") ?? Quoted(line, "pattern=\"", null);
            match.Value = Quoted(line, "value=\"", "\", type=\"");
        }
        return match;
    }

    private static string? Field(string line, string name, string end)
    {
        int start = line.IndexOf(name, StringComparison.Ordinal);
        if (start < 0) return null;
        start += name.Length;
        int stop = line.IndexOf(end, start, StringComparison.Ordinal);
        return stop < 0 ? line.Substring(start) : line.Substring(start, stop - start);
    }

    /// <summary>Text between <paramref name="open"/> and the LAST <paramref name="close"/> (or the final quote):
    /// HAProxy does not escape quotes inside, so the outer delimiters are the reliable ones.</summary>
    private static string? Quoted(string line, string open, string? close)
    {
        int start = line.IndexOf(open, StringComparison.Ordinal);
        if (start < 0) return null;
        start += open.Length;
        int stop = close is null ? line.LastIndexOf('"') : line.LastIndexOf(close, StringComparison.Ordinal);
        return stop < start ? null : line.Substring(start, stop - start);
    }
}
