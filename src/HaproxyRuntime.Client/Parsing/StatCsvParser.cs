using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.Client.Parsing;

/// <summary>Parses <c>show stat</c> CSV ("# pxname,svname,..." header, one row per proxy/server, trailing comma).</summary>
/// <remarks>HAProxy quotes a field with double quotes when it contains a comma or a quote (csv_enc), so the split is
/// quote-aware. Columns are looked up by header name.</remarks>
public static class StatCsvParser
{
    /// <summary>Yields each data row as a column-name → value map.</summary>
    /// <remarks>Rows share one header index, so a 10,000-server dump costs one split per line and no per-row
    /// dictionary (which made this the hot spot of Get-HaproxyServer at 100 columns × 10,000 rows).</remarks>
    public static IEnumerable<IReadOnlyDictionary<string, string>> Rows(IReadOnlyList<string> lines)
    {
        Dictionary<string, int>? header = null;
        foreach (var line in lines)
        {
            if (line.Length == 0) continue;
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                var names = Split(line.Substring(2));
                header = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
                for (int i = 0; i < names.Count; i++)
                {
                    if (names[i].Length > 0 && !header.ContainsKey(names[i])) header[names[i]] = i;
                }
                continue;
            }
            if (header is null) continue;
            yield return new StatRow(header, Split(line));
        }
    }

    /// <summary>One CSV row viewed through the shared header index.</summary>
    private sealed class StatRow : IReadOnlyDictionary<string, string>
    {
        private readonly Dictionary<string, int> _header;
        private readonly List<string> _values;

        public StatRow(Dictionary<string, int> header, List<string> values)
        {
            _header = header;
            _values = values;
        }

        public bool TryGetValue(string key, out string value)
        {
            if (_header.TryGetValue(key, out int i) && i < _values.Count)
            {
                value = _values[i];
                return true;
            }
            value = string.Empty;
            return false;
        }

        public string this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);
        public bool ContainsKey(string key) => TryGetValue(key, out _);
        public IEnumerable<string> Keys { get { foreach (var kv in this) yield return kv.Key; } }
        public IEnumerable<string> Values { get { foreach (var kv in this) yield return kv.Value; } }
        public int Count { get { int n = 0; foreach (var _ in this) n++; return n; } }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
        {
            foreach (var column in _header)
            {
                if (column.Value < _values.Count) yield return new KeyValuePair<string, string>(column.Key, _values[column.Value]);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>BACKEND rows as <see cref="HaproxyBackend"/> objects.</summary>
    public static List<HaproxyBackend> Backends(IReadOnlyList<string> lines)
    {
        var result = new List<HaproxyBackend>();
        foreach (var row in Rows(lines))
        {
            if (Get(row, "svname") != "BACKEND") continue;
            string status = Get(row, "status");
            // An unpublished dynamic backend shows "DOWN (UNPUB)" (verified on 3.4.7).
            bool unpublished = status.IndexOf("(UNPUB)", StringComparison.Ordinal) >= 0;
            result.Add(new HaproxyBackend(Get(row, "pxname"))
            {
                Id = (int)Long(row, "iid"),
                Status = unpublished ? status.Replace("(UNPUB)", "").Trim() : status,
                Published = !unpublished,
                Mode = NullIfEmpty(Get(row, "mode")),
                Algorithm = NullIfEmpty(Get(row, "algo")),
                ActiveServers = (int)Long(row, "act"),
                BackupServers = (int)Long(row, "bck"),
                CurrentSessions = Long(row, "scur"),
                TotalSessions = Long(row, "stot"),
                Weight = (int)Long(row, "weight"),
            });
        }
        return result;
    }

    /// <summary>FRONTEND rows as <see cref="HaproxyFrontend"/> objects.</summary>
    public static List<HaproxyFrontend> Frontends(IReadOnlyList<string> lines)
    {
        var result = new List<HaproxyFrontend>();
        foreach (var row in Rows(lines))
        {
            if (Get(row, "svname") != "FRONTEND") continue;
            result.Add(new HaproxyFrontend(Get(row, "pxname"))
            {
                Id = (int)Long(row, "iid"),
                Status = NullIfEmpty(Get(row, "status")),
                Mode = NullIfEmpty(Get(row, "mode")),
                CurrentSessions = Long(row, "scur"),
                MaxSessions = Long(row, "smax"),
                SessionLimit = Long(row, "slim"),
                TotalSessions = Long(row, "stot"),
                RequestsTotal = Long(row, "req_tot"),
                BytesIn = Long(row, "bin"),
                BytesOut = Long(row, "bout"),
            });
        }
        return result;
    }

    /// <summary>Adds the live figures of the server rows (status, check, sessions) to servers read from
    /// <c>show servers state</c>, matched by backend and server name.</summary>
    public static void MergeServerStats(IReadOnlyList<HaproxyServer> servers, IReadOnlyList<string> statLines)
    {
        var byName = new Dictionary<string, HaproxyServer>(StringComparer.Ordinal);
        foreach (var s in servers) byName[s.Backend + "/" + s.Name] = s;
        foreach (var row in Rows(statLines))
        {
            string sv = Get(row, "svname");
            if (sv == "FRONTEND" || sv == "BACKEND") continue;
            if (!byName.TryGetValue(Get(row, "pxname") + "/" + sv, out var server)) continue;
            server.Status = NullIfEmpty(Get(row, "status"));
            server.CheckStatus = NullIfEmpty(Get(row, "check_status"));
            server.CheckDurationMs = row.TryGetValue("check_duration", out var d) && long.TryParse(d, NumberStyles.Integer, CultureInfo.InvariantCulture, out long ms) ? ms : (long?)null;
            server.CurrentSessions = Long(row, "scur");
            server.TotalSessions = Long(row, "stot");
            server.MaxConn = Long(row, "slim") is long lim && lim > 0 ? lim : (long?)null;
        }
    }

    private static string Get(IReadOnlyDictionary<string, string> row, string name) =>
        row.TryGetValue(name, out var v) ? v : string.Empty;

    private static long Long(IReadOnlyDictionary<string, string> row, string name) =>
        long.TryParse(Get(row, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : 0;

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>Splits one CSV line, honouring double-quoted fields with doubled inner quotes.</summary>
    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                    else quoted = false;
                }
                else sb.Append(c);
            }
            else if (c == '"' && sb.Length == 0) quoted = true;
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        fields.Add(sb.ToString()); // the trailing comma yields one final empty field, harmless by name lookup
        return fields;
    }
}
