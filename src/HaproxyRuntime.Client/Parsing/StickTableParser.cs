using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Parsing;

/// <summary>
/// Parses <c>show table</c> (stick_table.c table_dump_head_to_buffer, table_dump_entry_to_buffer; the same format from
/// 2.6 to 3.4, 3.0 adding <c>shard=</c>):
/// <code>
/// # table: st_ip, type: ip, size:1024, used:1
/// 0x7fcecb543b30: key=127.0.0.1 use=0 exp=599943 shard=0 gpc0=1 conn_cnt=5 http_req_rate(10000)=5 server_key=-
/// </code>
/// One header per table; with a table named, its entries follow. Keys: an address (inet_ntop), a number (%u), text
/// escaped by dump_text (space, '\', '=' and control characters backslash-escaped, other bytes outside printable ASCII
/// as \xHH), or hexadecimal digits (dump_binary). Data: <c>name=value</c>, a rate as <c>name(period_ms)=value</c>, the
/// elements of an array as <c>gpc0=… gpc1=…</c>. The parsers take one line at a time, so a large table is read while
/// it arrives (see <see cref="IReplyLineParser{T}"/>).
/// </summary>
public static class StickTableParser
{
    private const string HeaderPrefix = "# table: ";
    private static readonly char[] Space = { ' ' };
    private const string NoPrivileges = "# contents not dumped due to insufficient privileges";

    /// <summary>The tables of a <c>show table</c> answer.</summary>
    public static List<HaproxyStickTable> ParseList(IReadOnlyList<string> lines) => Run(new TableList(), lines);

    /// <summary>The entries of a <c>show table &lt;t&gt; …</c> answer.</summary>
    /// <param name="lines">The answer.</param>
    /// <param name="commandLine">The command, for the refusal of a socket whose level hides the entries.</param>
    public static List<HaproxyStickTableEntry> ParseEntries(IReadOnlyList<string> lines, string commandLine) => Run(new Entries(commandLine), lines);

    public static IReplyLineParser<List<HaproxyStickTable>> ListParser() => new TableList();

    public static IReplyLineParser<List<HaproxyStickTableEntry>> EntryParser(string commandLine) => new Entries(commandLine);

    private static T Run<T>(IReplyLineParser<T> parser, IReadOnlyList<string> lines)
    {
        foreach (var line in lines) parser.Add(line);
        return parser.Complete();
    }

    /// <summary>Reads "# table: &lt;name&gt;, type: &lt;type&gt;, size:&lt;n&gt;, used:&lt;n&gt;".</summary>
    public static HaproxyStickTable? ParseHeader(string line)
    {
        if (!line.StartsWith(HeaderPrefix, StringComparison.Ordinal)) return null;
        // The name is a proxy name (or peers/table): it holds no ", type: ", so the last one ends it.
        int type = line.LastIndexOf(", type: ", StringComparison.Ordinal);
        int size = line.LastIndexOf(", size:", StringComparison.Ordinal);
        int used = line.LastIndexOf(", used:", StringComparison.Ordinal);
        if (type < HeaderPrefix.Length || size < type || used < size) return null;
        string name = line.Substring(HeaderPrefix.Length, type - HeaderPrefix.Length);
        string word = line.Substring(type + 8, size - type - 8);
        if (!long.TryParse(line.Substring(size + 7, used - size - 7), NumberStyles.None, CultureInfo.InvariantCulture, out long sizeValue) ||
            !long.TryParse(line.Substring(used + 7).TrimEnd(), NumberStyles.None, CultureInfo.InvariantCulture, out long usedValue))
        {
            return null;
        }
        return new HaproxyStickTable(name, HaproxyStickTable.ParseType(word), word, sizeValue, usedValue);
    }

    private sealed class TableList : IReplyLineParser<List<HaproxyStickTable>>
    {
        private readonly List<HaproxyStickTable> _tables = new List<HaproxyStickTable>();
        private string? _unexpected;

        public void Add(string line)
        {
            if (line.Length == 0) return;
            var table = ParseHeader(line);
            if (table != null) _tables.Add(table);
            else if (line[0] != '#') _unexpected ??= line; // other '#' lines are notes HAProxy may add under a header
        }

        public List<HaproxyStickTable> Complete()
        {
            if (_unexpected != null) throw new HaproxyProtocolException("'show table' answered a line that is not a table's: " + CliArgument.Printable(_unexpected));
            return _tables;
        }
    }

    private sealed class Entries : IReplyLineParser<List<HaproxyStickTableEntry>>
    {
        private readonly List<HaproxyStickTableEntry> _entries = new List<HaproxyStickTableEntry>();
        private readonly string _commandLine;
        private HaproxyStickTable? _table;
        private bool _hidden;
        private string? _unexpected;

        public Entries(string commandLine) => _commandLine = commandLine;

        public void Add(string line)
        {
            if (line.Length == 0) return;
            if (line[0] == '#')
            {
                var header = ParseHeader(line);
                if (header != null) _table = header;
                else if (line.Trim() == NoPrivileges) _hidden = true;
                return;
            }
            var entry = _table is null ? null : ParseEntry(_table, line);
            if (entry is null) _unexpected ??= line;
            else _entries.Add(entry);
        }

        public List<HaproxyStickTableEntry> Complete()
        {
            if (_hidden)
            {
                // table_dump_head_to_buffer: a socket below level operator sees the header only.
                throw new HaproxyCommandException("Permission denied: HAProxy shows a stick table's entries to an operator- or admin-level socket only.",
                    HaproxyErrorKind.PermissionDenied, _commandLine, NoPrivileges);
            }
            if (_unexpected != null)
            {
                throw new HaproxyProtocolException($"'{_commandLine}' answered a line that is not a stick-table entry: {CliArgument.Printable(_unexpected)}", _commandLine);
            }
            return _entries;
        }
    }

    /// <summary>One entry line of <paramref name="table"/>, or null when the line is not one.</summary>
    public static HaproxyStickTableEntry? ParseEntry(HaproxyStickTable table, string line)
    {
        int keyAt = line.IndexOf(": key=", StringComparison.Ordinal);
        if (keyAt <= 0) return null;
        string pointer = line.Substring(0, keyAt);
        int i = keyAt + 6;
        // The key ends at the first space that no backslash escapes (only string keys can hold one, escaped).
        int keyEnd = i;
        while (keyEnd < line.Length && line[keyEnd] != ' ') keyEnd += line[keyEnd] == '\\' && keyEnd + 1 < line.Length ? 2 : 1;
        string rawKey = line.Substring(i, Math.Min(keyEnd, line.Length) - i);
        string key = table.Type == HaproxyStickTableKeyType.String ? UnescapeKey(rawKey) : rawKey;
        var data = new HaproxyStickTableData();
        var entry = new HaproxyStickTableEntry(table.Name, table.Type, key, data) { Pointer = pointer };
        bool sawUse = false;
        foreach (var word in line.Substring(Math.Min(keyEnd, line.Length)).Split(Space, StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = word.IndexOf('=');
            if (eq <= 0) return null;
            string name = word.Substring(0, eq);
            string value = word.Substring(eq + 1);
            switch (name)
            {
                case "use":
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int use)) return null;
                    entry.Use = use;
                    sawUse = true;
                    continue;
                case "exp":
                    if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long exp)) return null;
                    entry.Expire = TimeSpan.FromMilliseconds(Math.Max(0, exp));
                    continue;
                case "shard":
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int shard)) return null;
                    entry.Shard = shard;
                    continue;
            }
            data[DataName(name, out long? periodMs)] = DataValue(name, value, periodMs);
        }
        return sawUse ? entry : null;
    }

    /// <summary>"http_req_rate(10000)" → "http_req_rate" with its period (ms); other names as they are.</summary>
    private static string DataName(string name, out long? periodMs)
    {
        periodMs = null;
        int open = name.IndexOf('(');
        if (open > 0 && name[name.Length - 1] == ')' &&
            long.TryParse(name.Substring(open + 1, name.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out long ms))
        {
            periodMs = ms;
            return name.Substring(0, open);
        }
        return name;
    }

    /// <summary>A counter as a number, a rate with its period, <c>server_key</c>'s "-" as none; text for anything else.</summary>
    private static object? DataValue(string name, string value, long? periodMs)
    {
        bool isNumber = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n);
        if (periodMs is long ms) return isNumber ? new HaproxyStickTableRate(n, TimeSpan.FromMilliseconds(ms)) : value;
        if (name == "server_key") return value == "-" ? null : value;
        return isNumber ? n : value;
    }

    /// <summary>Undoes HAProxy's dump_text (tools.c): <c>\ </c>, <c>\\</c>, <c>\=</c>, <c>\t</c>, <c>\n</c>, <c>\r</c>,
    /// <c>\e</c> and <c>\xHH</c> (each a byte; the bytes read as UTF-8).</summary>
    public static string UnescapeKey(string text)
    {
        if (text.IndexOf('\\') < 0) return text;
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                AddUtf8(bytes, c);
                continue;
            }
            char e = text[++i];
            switch (e)
            {
                case 't': bytes.Add((byte)'\t'); break;
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 'e': bytes.Add(0x1b); break;
                case 'x' when i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]):
                    bytes.Add(byte.Parse(text.Substring(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                default: AddUtf8(bytes, e); break;
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

    private static void AddUtf8(List<byte> bytes, char c)
    {
        if (c < 0x80) bytes.Add((byte)c);
        else bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
    }
}
