using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using HaproxyRuntime.Client.Answers;
using HaproxyRuntime.Client.Capabilities;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Requests;

public static partial class HaproxyRequests
{
    /// <summary>HAProxy's default STKTABLE_FILTER_LEN (include/haproxy/defaults.h, 4 from 2.6 to 3.4): how many data
    /// filters one <c>show</c>/<c>clear table</c> takes.</summary>
    public const int MaxStickTableFilters = 4;

    /// <summary>Entries are shown, set and cleared to an operator- or admin-level socket only (see
    /// <see cref="CliRequest.MinimumLevel"/>).</summary>
    private const string StickTableEntryLevel = "operator";

    /// <summary>A zone, brackets or blanks: what .NET's address parser accepts around an IPv6 address and inet_pton does not.</summary>
    private static readonly char[] NotInIPv6Key = { '%', '[', ']', ' ', '\t' };

    /// <summary><c>show table</c>: every stick table with its key type, size and use.</summary>
    public static CliRequest<List<HaproxyStickTable>> GetStickTables() =>
        new CliRequest<List<HaproxyStickTable>>("show table", false, "List stick tables", "stick tables",
            (r, c) => StickTableParser.ParseList(HaproxyAnswers.ShowTable.Data(r, c)), lineParser: StickTableParser.ListParser);

    /// <summary><c>show table &lt;t&gt; [data.&lt;type&gt; &lt;op&gt; &lt;v&gt;]*</c>: the table's entries, all or those
    /// whose stored data pass every filter.</summary>
    public static CliRequest<List<HaproxyStickTableEntry>> GetStickTableEntries(string table, IReadOnlyList<StickTableFilter>? filters = null)
    {
        string text = "show table " + StickTableName(table) + FilterWords(filters, allowNone: true);
        return Filtered(filters, new CliRequest<List<HaproxyStickTableEntry>>(text, false, "List stick table entries", table,
            (r, c) => StickTableParser.ParseEntries(HaproxyAnswers.ShowTable.Data(r, c), c.Text), lineParser: () => StickTableParser.EntryParser(text)))
            .RequiresLevel(StickTableEntryLevel);
    }

    /// <summary><c>show table &lt;t&gt; key &lt;k&gt;</c>: the entry with this key (an empty list when there is none).
    /// The key is checked against the table's key type (see <see cref="StickTableKey"/>).</summary>
    public static CliRequest<List<HaproxyStickTableEntry>> GetStickTableEntry(string table, HaproxyStickTableKeyType keyType, string key)
    {
        string text = $"show table {StickTableName(table)} key {StickTableKey(table, keyType, key)}";
        return new CliRequest<List<HaproxyStickTableEntry>>(text, false, "Show stick table entry", $"{table} {key}",
            (r, c) => StickTableParser.ParseEntries(HaproxyAnswers.ShowTable.Data(r, c), c.Text), lineParser: () => StickTableParser.EntryParser(text))
            .RequiresLevel(StickTableEntryLevel);
    }

    /// <summary><c>set table &lt;t&gt; key &lt;k&gt; data.&lt;name&gt; &lt;v&gt; …</c>: creates the entry if needed and
    /// sets each data value (a rate's value is taken as the count of its current period). HAProxy sets them in order
    /// and stops at the first it refuses (a type the table does not store), the entry created and the ones before it
    /// set.</summary>
    public static CliRequest<CliDone> SetStickTableEntry(string table, HaproxyStickTableKeyType keyType, string key, IEnumerable<KeyValuePair<string, long>> data)
    {
        string words = DataWords(data, out bool indexed);
        string text = $"set table {StickTableName(table)} key {StickTableKey(table, keyType, key)}{words}";
        var request = new CliRequest<CliDone>(text, true, "Set stick table entry", $"{table} {key}", HaproxyAnswers.SetTable.Interpret);
        if (indexed) request.Requires(HaproxyFeature.StickTableDataIndex);
        return request.RequiresLevel(StickTableEntryLevel);
    }

    /// <summary><c>set table &lt;t&gt; ptr &lt;p&gt; data.&lt;name&gt; &lt;v&gt; …</c> (HAProxy 3.0+): sets each data value
    /// of the entry at this address, as <see cref="SetStickTableEntry"/> does; unlike a key, a pointer never creates an
    /// entry (one that is not an entry of the table is HAProxy's NotFound refusal).</summary>
    public static CliRequest<CliDone> SetStickTableEntryByPointer(string table, HaproxyStickTableKeyType keyType, string pointer, IEnumerable<KeyValuePair<string, long>> data)
    {
        string words = DataWords(data, out bool indexed);
        string ptr = StickTablePointer(table, keyType, pointer);
        var request = new CliRequest<CliDone>($"set table {StickTableName(table)} ptr {ptr}{words}", true, "Set stick table entry",
            $"{table} {ptr}", HaproxyAnswers.SetTable.Interpret).Requires(HaproxyFeature.StickTablePointer);
        if (indexed) request.Requires(HaproxyFeature.StickTableDataIndex);
        return request.RequiresLevel(StickTableEntryLevel);
    }

    /// <summary>The <c> data.&lt;name&gt; &lt;v&gt;</c> words of <c>set table</c>: at least one, each name once.</summary>
    private static string DataWords(IEnumerable<KeyValuePair<string, long>> data, out bool indexed)
    {
        if (data is null) throw new ArgumentNullException(nameof(data));
        string words = string.Empty;
        indexed = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in data)
        {
            string name = StickTableDataName.Check(pair.Key, "Data");
            if (!seen.Add(name))
            {
                throw new HaproxyArgumentException("Data", $"Data names '{CliArgument.Printable(name)}' twice: give each data type once.");
            }
            indexed |= name.IndexOf('[') >= 0;
            words += $" data.{name} {pair.Value.ToString(CultureInfo.InvariantCulture)}";
        }
        if (words.Length == 0)
        {
            // Without data, HAProxy only creates (or refreshes) the entry: not what "set" is asked for.
            throw new HaproxyArgumentException("Data", "Data is empty: give at least one data type and value (e.g. gpc0 = 1).");
        }
        return words;
    }

    /// <summary><c>clear table &lt;t&gt;</c>: removes every entry that no stream is tracking.</summary>
    public static CliRequest<CliDone> ClearStickTable(string table) =>
        new CliRequest<CliDone>("clear table " + StickTableName(table), true, "Clear stick table", table, HaproxyAnswers.ClearTable.Interpret)
            .RequiresLevel(StickTableEntryLevel);

    /// <summary><c>clear table &lt;t&gt; data.&lt;type&gt; &lt;op&gt; &lt;v&gt; …</c>: removes the entries whose data pass
    /// every filter and that no stream is tracking.</summary>
    public static CliRequest<CliDone> ClearStickTableEntries(string table, IReadOnlyList<StickTableFilter> filters)
    {
        string text = "clear table " + StickTableName(table) + FilterWords(filters, allowNone: false);
        string target = $"{table} ({string.Join(", ", filters.Select(f => f.ToCli()))})";
        return Filtered(filters, new CliRequest<CliDone>(text, true, "Clear stick table entries", target, HaproxyAnswers.ClearTable.Interpret))
            .RequiresLevel(StickTableEntryLevel);
    }

    /// <summary><c>clear table &lt;t&gt; key &lt;k&gt;</c>: removes the entry (nothing when there is none; refused while a
    /// stream tracks it).</summary>
    public static CliRequest<CliDone> ClearStickTableEntry(string table, HaproxyStickTableKeyType keyType, string key) =>
        new CliRequest<CliDone>($"clear table {StickTableName(table)} key {StickTableKey(table, keyType, key)}", true, "Clear stick table entry",
            $"{table} {key}", HaproxyAnswers.ClearTable.Interpret).RequiresLevel(StickTableEntryLevel);

    /// <summary><c>show table &lt;t&gt; ptr &lt;p&gt;</c> (HAProxy 3.0+): the entry at this address (a pointer that is not
    /// an entry of the table is HAProxy's NotFound refusal).</summary>
    public static CliRequest<List<HaproxyStickTableEntry>> GetStickTableEntryByPointer(string table, HaproxyStickTableKeyType keyType, string pointer)
    {
        string ptr = StickTablePointer(table, keyType, pointer);
        string text = $"show table {StickTableName(table)} ptr {ptr}";
        return new CliRequest<List<HaproxyStickTableEntry>>(text, false, "Show stick table entry", $"{table} {ptr}",
            (r, c) => StickTableParser.ParseEntries(HaproxyAnswers.ShowTable.Data(r, c), c.Text), lineParser: () => StickTableParser.EntryParser(text))
            .Requires(HaproxyFeature.StickTablePointer).RequiresLevel(StickTableEntryLevel);
    }

    /// <summary><c>clear table &lt;t&gt; ptr &lt;p&gt;</c> (HAProxy 3.0+): removes the entry at this address (refused while
    /// a stream tracks it; a pointer that is not an entry of the table is HAProxy's NotFound refusal).</summary>
    public static CliRequest<CliDone> ClearStickTableEntryByPointer(string table, HaproxyStickTableKeyType keyType, string pointer)
    {
        string ptr = StickTablePointer(table, keyType, pointer);
        return new CliRequest<CliDone>($"clear table {StickTableName(table)} ptr {ptr}", true, "Clear stick table entry",
            $"{table} {ptr}", HaproxyAnswers.ClearTable.Interpret).Requires(HaproxyFeature.StickTablePointer).RequiresLevel(StickTableEntryLevel);
    }

    /// <summary>
    /// An entry's address as <c>show table</c> prints it (<c>0x</c> and 1 to 16 hexadecimal digits), sent with a
    /// lower-case <c>0x</c> (HAProxy refuses <c>0X</c>). HAProxy looks the address up by walking the table's entries,
    /// so one that is not (or no longer) an entry of that table is refused, never dereferenced. Refused for a binary
    /// table: HAProxy refuses to show, set or clear its entries by pointer as by key, and releases without the fix of 3.3's
    /// "Don't let table_process_entry() handle refcnt" then keep the entry referenced for good (it never expires and can
    /// no longer be cleared; seen on 3.0.11: use=3 after three tries; 3.2.26 has the fix).
    /// </summary>
    public static string StickTablePointer(string table, HaproxyStickTableKeyType keyType, string? pointer)
    {
        CliArgument.CheckSendable(pointer, "Pointer");
        string p = pointer!;
        string digits = p.Length > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') ? p.Substring(2) : string.Empty;
        if (digits.Length == 0 || digits.Length > 16 || !digits.All(Uri.IsHexDigit))
        {
            throw new HaproxyArgumentException("Pointer",
                $"Pointer '{CliArgument.Printable(p)}' is not an entry's address: 0x and 1 to 16 hexadecimal digits, as 'show table' prints it first on each entry (0x7f3c2a1b4c28).");
        }
        if (keyType == HaproxyStickTableKeyType.Binary)
        {
            throw new HaproxyArgumentException("Pointer",
                $"Stick table '{CliArgument.Printable(table)}' has binary keys: HAProxy refuses to show, set or clear its entries one by one, by pointer as by key (and some releases, 3.0.11 among them, would then hold the entry in use for good). Select its entries by their data instead (a filter), or clear the whole table.");
        }
        return "0x" + digits;
    }

    /// <summary>A stick table's name: a proxy's name, or <c>&lt;peers&gt;/&lt;table&gt;</c>. HAProxy looks it up
    /// exactly, and a peers section's table name is not restricted to proxy-name characters, so it is escaped rather
    /// than refused.</summary>
    private static string StickTableName(string table) => CliArgument.Escape(table, "Table");

    private static string FilterWords(IReadOnlyList<StickTableFilter>? filters, bool allowNone)
    {
        int count = filters?.Count ?? 0;
        if (count == 0)
        {
            if (allowNone) return string.Empty;
            throw new HaproxyArgumentException("Filter", "Give at least one filter ('<data> <operator> <value>').");
        }
        if (count > MaxStickTableFilters)
        {
            throw new HaproxyArgumentException("Filter", $"{count} filters were given; HAProxy takes at most {MaxStickTableFilters} in one command (STKTABLE_FILTER_LEN).");
        }
        return string.Concat(filters!.Select(f => " " + (f ?? throw new HaproxyArgumentException("Filter", "A filter is null.")).ToCli()));
    }

    private static CliRequest<T> Filtered<T>(IReadOnlyList<StickTableFilter>? filters, CliRequest<T> request) =>
        filters != null && filters.Any(f => f.UsesIndex) ? request.Requires(HaproxyFeature.StickTableDataIndex) : request;

    /// <summary>
    /// A key as the table's type reads it, checked before it is sent: HAProxy reads an ip key with inet_pton (2.6 with a
    /// parser that takes anything, silently naming another entry), an integer with read_int64 (3.x takes "abc" as 0 and
    /// keeps the low 32 bits of a larger number), so a key that is not of the table's type could address another entry.
    /// <list type="bullet">
    /// <item>ip: a dotted IPv4 address (four decimal numbers 0-255, no leading zeros);</item>
    /// <item>ipv6: an IPv6 address without zone or brackets, sent in its canonical form; an IPv4 address is sent as the
    /// IPv4-mapped address HAProxy stores it under (<c>::ffff:a.b.c.d</c>);</item>
    /// <item>integer: 0 to 4294967295 in decimal digits;</item>
    /// <item>string: any text, escaped (a key longer than the table's <c>len</c> is cut by HAProxy, in the lookup too);</item>
    /// <item>binary: refused: HAProxy's CLI has no key lookup for binary tables.</item>
    /// </list>
    /// </summary>
    public static string StickTableKey(string table, HaproxyStickTableKeyType keyType, string? key)
    {
        CliArgument.CheckSendable(key, "Key");
        string k = key!;
        string Refuse(string what) => throw new HaproxyArgumentException("Key",
            $"Key '{CliArgument.Printable(k)}' is not {what}, which is what the keys of stick table '{CliArgument.Printable(table)}' are ({keyType.ToString().ToLowerInvariant()}).");
        switch (keyType)
        {
            case HaproxyStickTableKeyType.Ip:
                return IsDottedIPv4(k) ? k : Refuse("an IPv4 address (a.b.c.d)");
            case HaproxyStickTableKeyType.Ipv6:
                if (IsDottedIPv4(k)) return "::ffff:" + k;
                if (k.IndexOf(':') < 0 || k.IndexOfAny(NotInIPv6Key) >= 0 ||
                    !IPAddress.TryParse(k, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
                {
                    return Refuse("an IPv6 address (or an IPv4 address, stored as ::ffff:a.b.c.d)");
                }
                return address.ToString();
            case HaproxyStickTableKeyType.Integer:
                foreach (char c in k)
                {
                    if (c < '0' || c > '9') return Refuse("a whole number from 0 to 4294967295");
                }
                return k.Length <= 10 && ulong.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n) && n <= uint.MaxValue
                    ? n.ToString(CultureInfo.InvariantCulture)
                    : Refuse("a whole number from 0 to 4294967295");
            case HaproxyStickTableKeyType.Binary:
                throw new HaproxyArgumentException("Key",
                    $"Stick table '{CliArgument.Printable(table)}' has binary keys, which HAProxy's CLI cannot look up, set or clear by key (it takes ip, ipv6, integer and string keys). Select its entries by their data instead (a filter), or clear the whole table.");
            default:
                return CliArgument.Escape(k, "Key");
        }
    }

    /// <summary>Whether a binary table's key (HAProxy's hexadecimal dump, padded with zeros to the table's length) is the
    /// key <paramref name="hex"/> names: the same bytes, then only zeros (the padding HAProxy adds to a shorter key).</summary>
    public static bool BinaryKeyMatches(string entryKey, string hex)
    {
        string h = BinaryKeyHex(hex);
        if (entryKey.Length < h.Length || !entryKey.StartsWith(h, StringComparison.OrdinalIgnoreCase)) return false;
        for (int i = h.Length; i < entryKey.Length; i++)
        {
            if (entryKey[i] != '0') return false;
        }
        return true;
    }

    /// <summary>A binary key as hexadecimal digits (an even number of them, an optional 0x), or a refusal.</summary>
    public static string BinaryKeyHex(string? hex)
    {
        CliArgument.CheckSendable(hex, "Key");
        string h = hex!.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex.Substring(2) : hex;
        if (h.Length == 0 || h.Length % 2 != 0 || !h.All(Uri.IsHexDigit))
        {
            throw new HaproxyArgumentException("Key", $"Key '{CliArgument.Printable(hex)}' is not a binary key: hexadecimal digits, two per byte, as 'show table' prints them (4142 for 'AB').");
        }
        return h;
    }

    /// <summary>Four decimal numbers 0-255 joined by dots, without leading zeros: what inet_pton reads as IPv4 (no
    /// shortened or octal forms).</summary>
    private static bool IsDottedIPv4(string s)
    {
        var parts = s.Split('.');
        if (parts.Length != 4) return false;
        foreach (var p in parts)
        {
            if (p.Length == 0 || p.Length > 3 || (p.Length > 1 && p[0] == '0')) return false;
            foreach (char c in p)
            {
                if (c < '0' || c > '9') return false;
            }
            if (int.Parse(p, CultureInfo.InvariantCulture) > 255) return false;
        }
        return true;
    }
}
