using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Parsing;

/// <summary>Parses <c>show stat</c> CSV ("# pxname,svname,..." header, one row per proxy/server, trailing comma).</summary>
/// <remarks>HAProxy quotes a field with double quotes when it contains a comma or a quote (csv_enc), so the split is
/// quote-aware. Columns are looked up by header name.</remarks>
public static class StatCsvParser
{
    /// <summary>Yields each data row as a column-name → value map.</summary>
    /// <remarks>Rows share one header index, so a 10,000-server dump costs one split per line and no per-row
    /// dictionary (which made this the hot spot of reading servers at 100 columns × 10,000 rows).</remarks>
    public static IEnumerable<IReadOnlyDictionary<string, string>> Rows(IReadOnlyList<string> lines)
    {
        Dictionary<string, int>? header = null;
        foreach (var line in lines)
        {
            if (line.Length == 0) continue;
            if (IsHeader(line))
            {
                header = HeaderIndex(line);
                continue;
            }
            if (header is null) continue;
            yield return new StatRow(header, Split(line));
        }
    }

    private static bool IsHeader(string line) => line.StartsWith("# ", StringComparison.Ordinal);

    /// <summary>Column name → position, from the "# pxname,svname,..." line (the first of a repeated name wins).</summary>
    private static Dictionary<string, int> HeaderIndex(string line)
    {
        var names = Split(line.Substring(2));
        var header = new Dictionary<string, int>(names.Count, StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i].Length > 0 && !header.ContainsKey(names[i])) header[names[i]] = i;
        }
        return header;
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
    public static List<HaproxyBackend> Backends(IReadOnlyList<string> lines) => Run(new BackendRows(), lines);

    /// <summary>Whether a BACKEND row's status says the backend is unpublished: "DOWN (UNPUB)" (verified on 3.4.7).</summary>
    public static bool IsUnpublished(string backendStatus) => backendStatus.IndexOf("(UNPUB)", StringComparison.Ordinal) >= 0;

    /// <summary>FRONTEND rows as <see cref="HaproxyFrontend"/> objects.</summary>
    public static List<HaproxyFrontend> Frontends(IReadOnlyList<string> lines) => Run(new FrontendRows(), lines);

    /// <summary>Adds the live figures of the server rows (status, check, sessions) to servers read from
    /// <c>show servers state</c>, matched by backend and server name.</summary>
    public static void MergeServerStats(IReadOnlyList<HaproxyServer> servers, IReadOnlyList<string> statLines) =>
        Run(new ServerStatsMerge(servers), statLines);

    private static T Run<T>(IReplyLineParser<T> parser, IReadOnlyList<string> lines)
    {
        foreach (var line in lines) parser.Add(line);
        return parser.Complete();
    }

    /// <summary>Streaming parser of BACKEND rows, for <c>show stat</c> read as it arrives.</summary>
    public static IReplyLineParser<List<HaproxyBackend>> BackendParser() => new BackendRows();

    /// <summary>Streaming parser of FRONTEND rows.</summary>
    public static IReplyLineParser<List<HaproxyFrontend>> FrontendParser() => new FrontendRows();

    /// <summary>Streaming merge of the server rows into <paramref name="servers"/>; completes with the number of servers
    /// that got their figures.</summary>
    public static IReplyLineParser<int> ServerStatsMergeParser(IReadOnlyList<HaproxyServer> servers) => new ServerStatsMerge(servers);

    /// <summary>Every row as a <see cref="HaproxyStat"/> with all its fields, keeping only the rows <paramref name="keep"/>
    /// accepts (null: all).</summary>
    public static List<HaproxyStat> Stats(IReadOnlyList<string> lines, Func<HaproxyStatType, string, bool>? keep = null) => Run(new AllStatRows(keep), lines);

    /// <summary>Streaming form of <see cref="Stats"/>.</summary>
    public static IReplyLineParser<List<HaproxyStat>> StatParser(Func<HaproxyStatType, string, bool>? keep = null) => new AllStatRows(keep);

    /// <summary>
    /// Reads the header, resolves the columns a subclass needs to positions once, then hands every data row over as
    /// field offsets: only the handful of fields a row type uses become strings (a server row has ~100 columns).
    /// </summary>
    private abstract class StatRows<T> : IReplyLineParser<T>
    {
        private readonly CsvFields _fields = new CsvFields();
        private Dictionary<string, int>? _header;
        protected int PxName = -1, SvName = -1;

        public void Add(string line)
        {
            if (line.Length == 0) return;
            if (IsHeader(line))
            {
                _header = HeaderIndex(line);
                PxName = Column("pxname");
                SvName = Column("svname");
                BindColumns();
                return;
            }
            if (_header is null) return;
            _fields.Load(line);
            Row(_fields);
        }

        public abstract T Complete();

        protected Dictionary<string, int>? Header => _header;

        protected int Column(string name) => _header != null && _header.TryGetValue(name, out int i) ? i : -1;

        protected abstract void BindColumns();

        protected abstract void Row(CsvFields row);
    }

    private sealed class BackendRows : StatRows<List<HaproxyBackend>>
    {
        private readonly List<HaproxyBackend> _result = new List<HaproxyBackend>();
        private int _iid, _status, _mode, _algo, _act, _bck, _scur, _stot, _weight;

        protected override void BindColumns()
        {
            _iid = Column("iid"); _status = Column("status"); _mode = Column("mode"); _algo = Column("algo");
            _act = Column("act"); _bck = Column("bck"); _scur = Column("scur"); _stot = Column("stot"); _weight = Column("weight");
        }

        protected override void Row(CsvFields row)
        {
            if (!row.Equals(SvName, "BACKEND")) return;
            string status = row.Get(_status);
            bool unpublished = IsUnpublished(status);
            _result.Add(new HaproxyBackend(row.Get(PxName))
            {
                Id = (int)row.Long(_iid),
                Status = unpublished ? status.Replace("(UNPUB)", "").Trim() : status,
                Published = !unpublished,
                Mode = NullIfEmpty(row.Get(_mode)),
                Algorithm = NullIfEmpty(row.Get(_algo)),
                ActiveServers = (int)row.Long(_act),
                BackupServers = (int)row.Long(_bck),
                CurrentSessions = row.Long(_scur),
                TotalSessions = row.Long(_stot),
                Weight = (int)row.Long(_weight),
            });
        }

        public override List<HaproxyBackend> Complete() => _result;
    }

    private sealed class FrontendRows : StatRows<List<HaproxyFrontend>>
    {
        private readonly List<HaproxyFrontend> _result = new List<HaproxyFrontend>();
        private int _iid, _status, _mode, _scur, _smax, _slim, _stot, _reqTot, _bin, _bout;

        protected override void BindColumns()
        {
            _iid = Column("iid"); _status = Column("status"); _mode = Column("mode"); _scur = Column("scur"); _smax = Column("smax");
            _slim = Column("slim"); _stot = Column("stot"); _reqTot = Column("req_tot"); _bin = Column("bin"); _bout = Column("bout");
        }

        protected override void Row(CsvFields row)
        {
            if (!row.Equals(SvName, "FRONTEND")) return;
            _result.Add(new HaproxyFrontend(row.Get(PxName))
            {
                Id = (int)row.Long(_iid),
                Status = NullIfEmpty(row.Get(_status)),
                Mode = NullIfEmpty(row.Get(_mode)),
                CurrentSessions = row.Long(_scur),
                MaxSessions = row.Long(_smax),
                SessionLimit = row.Long(_slim),
                TotalSessions = row.Long(_stot),
                RequestsTotal = row.Long(_reqTot),
                BytesIn = row.Long(_bin),
                BytesOut = row.Long(_bout),
            });
        }

        public override List<HaproxyFrontend> Complete() => _result;
    }

    private sealed class ServerStatsMerge : StatRows<int>
    {
        private readonly Dictionary<string, Dictionary<string, HaproxyServer>> _byBackend =
            new Dictionary<string, Dictionary<string, HaproxyServer>>(StringComparer.Ordinal);
        private int _merged, _status, _checkStatus, _checkDuration, _scur, _stot, _slim;

        public ServerStatsMerge(IReadOnlyList<HaproxyServer> servers)
        {
            // Keyed by backend, then server: no "backend/server" string is built per row.
            foreach (var s in servers)
            {
                if (!_byBackend.TryGetValue(s.Backend, out var names))
                {
                    names = new Dictionary<string, HaproxyServer>(StringComparer.Ordinal);
                    _byBackend[s.Backend] = names;
                }
                names[s.Name] = s;
            }
        }

        protected override void BindColumns()
        {
            _status = Column("status"); _checkStatus = Column("check_status"); _checkDuration = Column("check_duration");
            _scur = Column("scur"); _stot = Column("stot"); _slim = Column("slim");
        }

        protected override void Row(CsvFields row)
        {
            if (row.Equals(SvName, "FRONTEND") || row.Equals(SvName, "BACKEND")) return;
            if (!_byBackend.TryGetValue(row.Get(PxName), out var names) || !names.TryGetValue(row.Get(SvName), out var server)) return;
            server.Status = NullIfEmpty(row.Get(_status));
            // HAProxy prefixes "* " while a check is running (CheckState bit 0x1 says the same).
            string check = row.Get(_checkStatus);
            server.CheckStatus = NullIfEmpty(check.StartsWith("* ", StringComparison.Ordinal) ? check.Substring(2) : check);
            server.CheckDurationMs = long.TryParse(row.Get(_checkDuration), NumberStyles.Integer, CultureInfo.InvariantCulture, out long ms) ? ms : (long?)null;
            server.CurrentSessions = row.Long(_scur);
            server.TotalSessions = row.Long(_stot);
            server.MaxConn = row.Long(_slim) is long lim && lim > 0 ? lim : (long?)null;
            _merged++;
        }

        public override int Complete() => _merged;
    }

    /// <summary>
    /// Every column of every row: the number columns into the row's slots (<see cref="HaproxyStat.NumberColumns"/>), the
    /// text columns into their properties, and the columns of neither kind (statistics modules, columns a newer HAProxy
    /// adds) left in the line, read only when <see cref="HaproxyStat.OtherFields"/> is asked for.
    /// </summary>
    private sealed class AllStatRows : StatRows<List<HaproxyStat>>
    {
        private readonly List<HaproxyStat> _result = new List<HaproxyStat>();
        private readonly Func<HaproxyStatType, string, bool>? _keep;
        private int[] _slotColumns = Array.Empty<int>(), _slots = Array.Empty<int>();
        private StatExtraColumns? _extra;
        private int _type, _status, _checkStatus, _checkDesc, _lastChk, _agentStatus, _agentDesc, _lastAgt, _tracked, _addr, _cookie, _mode, _algo, _proto;

        public AllStatRows(Func<HaproxyStatType, string, bool>? keep) => _keep = keep;

        protected override void BindColumns()
        {
            _type = Column("type"); _status = Column("status"); _checkStatus = Column("check_status"); _checkDesc = Column("check_desc");
            _lastChk = Column("last_chk"); _agentStatus = Column("agent_status"); _agentDesc = Column("agent_desc"); _lastAgt = Column("last_agt");
            _tracked = Column("tracked"); _addr = Column("addr"); _cookie = Column("cookie"); _mode = Column("mode"); _algo = Column("algo");
            _proto = Column("proto");
            var columns = new List<int>();
            var slots = new List<int>();
            var known = new HashSet<int> { PxName, SvName, _type, _status, _checkStatus, _checkDesc, _lastChk, _agentStatus, _agentDesc, _lastAgt, _tracked, _addr, _cookie, _mode, _algo, _proto };
            foreach (var number in HaproxyStat.NumberColumns)
            {
                int at = Column(number.Key);
                if (at < 0) continue; // an older HAProxy: the property stays null
                columns.Add(at);
                slots.Add(number.Value);
                known.Add(at);
            }
            _slotColumns = columns.ToArray();
            _slots = slots.ToArray();
            _extra = StatExtraColumns.Except(Header!, known);
        }

        protected override void Row(CsvFields row)
        {
            string svName = row.Get(SvName);
            long typeNumber = row.NullableLong(_type);
            var type = typeNumber >= 0 && typeNumber <= 3 ? (HaproxyStatType)typeNumber : TypeOf(svName);
            if (_keep != null && !_keep(type, row.Get(PxName))) return;
            var numbers = HaproxyStat.NewNumbers();
            for (int i = 0; i < _slotColumns.Length; i++) numbers[_slots[i]] = row.NullableLong(_slotColumns[i]);
            string status = row.Get(_status);
            string check = row.Get(_checkStatus), agent = row.Get(_agentStatus);
            _result.Add(new HaproxyStat(numbers, _extra, row.Line)
            {
                ProxyName = row.Get(PxName),
                ServiceName = svName,
                Type = type,
                Status = status.Length == 0 ? null : StatusOf(status),
                StatusText = NullIfEmpty(status),
                CheckStatus = NullIfEmpty(WithoutRunningMark(check)),
                CheckInProgress = check.StartsWith("* ", StringComparison.Ordinal),
                CheckDescription = NullIfEmpty(row.Get(_checkDesc)),
                LastCheck = NullIfEmpty(row.Get(_lastChk)),
                AgentStatus = NullIfEmpty(WithoutRunningMark(agent)),
                AgentDescription = NullIfEmpty(row.Get(_agentDesc)),
                LastAgentCheck = NullIfEmpty(row.Get(_lastAgt)),
                Tracked = NullIfEmpty(row.Get(_tracked)),
                Address = NullIfEmpty(row.Get(_addr)),
                Cookie = NullIfEmpty(row.Get(_cookie)),
                Mode = NullIfEmpty(row.Get(_mode)),
                Algorithm = NullIfEmpty(row.Get(_algo)),
                Protocol = NullIfEmpty(row.Get(_proto)),
            });
        }

        public override List<HaproxyStat> Complete() => _result;

        // A HAProxy without the type column (none since 1.5) still names its FRONTEND and BACKEND rows.
        private static HaproxyStatType TypeOf(string svName) =>
            svName == "FRONTEND" ? HaproxyStatType.Frontend : svName == "BACKEND" ? HaproxyStatType.Backend : HaproxyStatType.Server;

        // HAProxy marks a check that is running with "* " before the last result (stats-proxy.c).
        private static string WithoutRunningMark(string check) => check.StartsWith("* ", StringComparison.Ordinal) ? check.Substring(2) : check;
    }

    /// <summary>The status's first word (stats-proxy.c: frontends OPEN/PAUSED/STOP, listeners WAITING/OPEN/FULL
    /// (listener.c li_status_st), backends UP/DOWN with " (UNPUB)", servers srv_hlt_st, MAINT with " (via …)" or
    /// " (resolution)"); a word HAProxy may add later is Unknown.</summary>
    public static HaproxyStatStatus StatusOf(string status)
    {
        int space = status.IndexOf(' ');
        string word = space < 0 ? status : status.Substring(0, space);
        switch (word)
        {
            case "OPEN": return HaproxyStatStatus.Open;
            case "FULL": return HaproxyStatStatus.Full;
            case "WAITING": return HaproxyStatStatus.Waiting;
            case "PAUSED": return HaproxyStatStatus.Paused;
            case "STOP": return HaproxyStatStatus.Stop;
            case "UP": return HaproxyStatStatus.Up;
            case "DOWN": return HaproxyStatStatus.Down;
            case "NOLB": return HaproxyStatStatus.NoLB;
            case "DRAIN": return HaproxyStatStatus.Drain;
            case "MAINT": return HaproxyStatStatus.Maint;
            case "no": return status == "no check" ? HaproxyStatStatus.NoCheck : HaproxyStatStatus.Unknown;
            default: return HaproxyStatStatus.Unknown;
        }
    }

    /// <summary>
    /// One CSV line as field boundaries. A field becomes a string only when asked for, and the buffers are reused
    /// from row to row, so a 10,000-row dump costs one scan per line plus the few fields used.
    /// </summary>
    private sealed class CsvFields
    {
        private string _line = string.Empty;
        private int[] _starts = new int[128];
        private int[] _ends = new int[128];
        private bool[] _quoted = new bool[128];
        private int _count;

        public void Load(string line)
        {
            _line = line;
            _count = 0;
            int i = 0;
            while (true)
            {
                if (_count == _starts.Length)
                {
                    Array.Resize(ref _starts, _count * 2);
                    Array.Resize(ref _ends, _count * 2);
                    Array.Resize(ref _quoted, _count * 2);
                }
                bool quoted = i < line.Length && line[i] == '"';
                int end;
                if (quoted)
                {
                    // A quoted field ends at a quote not followed by another quote (doubled quotes are literal).
                    end = i + 1;
                    while (end < line.Length && !(line[end] == '"' && (end + 1 >= line.Length || line[end + 1] != '"'))) end += line[end] == '"' ? 2 : 1;
                    end = Math.Min(end + 1, line.Length);
                    int comma = line.IndexOf(',', end);
                    _starts[_count] = i; _ends[_count] = comma < 0 ? line.Length : comma; _quoted[_count] = true;
                    _count++;
                    if (comma < 0) return;
                    i = comma + 1;
                    continue;
                }
                end = line.IndexOf(',', i);
                _starts[_count] = i; _ends[_count] = end < 0 ? line.Length : end; _quoted[_count] = false;
                _count++;
                if (end < 0) return;
                i = end + 1;
            }
        }

        public int Count => _count;

        public string Line => _line;

        /// <summary>The field as a number, or <see cref="HaproxyStat.EmptyNumber"/> when HAProxy left it empty (or it is
        /// not a number).</summary>
        public long NullableLong(int index)
        {
            if (index < 0 || index >= _count || _starts[index] == _ends[index]) return HaproxyStat.EmptyNumber;
            if (_quoted[index]) return long.TryParse(Get(index), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) ? parsed : HaproxyStat.EmptyNumber;
            int start = _starts[index], end = _ends[index];
            long value = 0;
            for (int i = start; i < end; i++)
            {
                char c = _line[i];
                if (c < '0' || c > '9' || value > (long.MaxValue - 9) / 10)
                {
                    return long.TryParse(_line.Substring(start, end - start), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) ? parsed : HaproxyStat.EmptyNumber;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }

        public string Get(int index)
        {
            if (index < 0 || index >= _count) return string.Empty;
            int start = _starts[index], length = _ends[index] - start;
            if (length == 0) return string.Empty;
            if (!_quoted[index]) return _line.Substring(start, length);
            return Unquote(_line, start, _ends[index]);
        }

        /// <summary>A quoted field's text: the quotes removed, a doubled quote inside read as one.</summary>
        private static string Unquote(string line, int start, int end)
        {
            var sb = new StringBuilder(end - start);
            bool quoted = false;
            for (int i = start; i < end; i++)
            {
                char c = line[i];
                if (quoted)
                {
                    if (c != '"') sb.Append(c);
                    else if (i + 1 < end && line[i + 1] == '"') { sb.Append('"'); i++; }
                    else quoted = false;
                }
                else if (c == '"' && sb.Length == 0) quoted = true;
                else sb.Append(c);
            }
            return sb.ToString();
        }

        /// <summary>Ordinal comparison without making the field a string.</summary>
        public bool Equals(int index, string value)
        {
            if (index < 0 || index >= _count || _quoted[index]) return Get(index) == value;
            int start = _starts[index];
            return _ends[index] - start == value.Length && string.CompareOrdinal(_line, start, value, 0, value.Length) == 0;
        }

        /// <summary>The field as a number; 0 when empty or not a number.</summary>
        public long Long(int index) => NullableLong(index) is long v && v != HaproxyStat.EmptyNumber ? v : 0;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>Splits one CSV line, honouring double-quoted fields with doubled inner quotes (the same scanner the
    /// streamed parsers use, every field made a string). A trailing comma yields one final empty field, harmless by
    /// name lookup.</summary>
    public static List<string> Split(string line)
    {
        var fields = new CsvFields();
        fields.Load(line);
        var result = new List<string>(fields.Count);
        for (int i = 0; i < fields.Count; i++) result.Add(fields.Get(i));
        return result;
    }

    /// <summary>The columns of a header that no property takes, read from a row's line on demand (shared by every row
    /// under that header).</summary>
    internal sealed class StatExtraColumns
    {
        private readonly List<KeyValuePair<string, int>> _columns;

        private StatExtraColumns(List<KeyValuePair<string, int>> columns) => _columns = columns;

        public static StatExtraColumns? Except(Dictionary<string, int> header, HashSet<int> known)
        {
            var columns = new List<KeyValuePair<string, int>>();
            foreach (var column in header)
            {
                // "-": the column HAProxy puts between its own columns and the statistics modules' (each row has "-").
                if (!known.Contains(column.Value) && column.Key != "-") columns.Add(column);
            }
            columns.Sort((a, b) => a.Value.CompareTo(b.Value));
            return columns.Count == 0 ? null : new StatExtraColumns(columns);
        }

        public HaproxyFieldDictionary Read(string line)
        {
            var values = Split(line);
            var fields = new HaproxyFieldDictionary();
            foreach (var column in _columns) fields.Add(column.Key, column.Value < values.Count ? values[column.Value] : string.Empty);
            return fields;
        }
    }
}
