using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace HaproxyRuntime.Client.Models;

/// <summary>What a stick table's keys are (<c>stick-table type …</c>), as <c>show table</c> names it.</summary>
public enum HaproxyStickTableKeyType
{
    /// <summary>A type word this client does not know (a newer HAProxy): keys are shown as HAProxy prints them and
    /// sent escaped, unchecked.</summary>
    Unknown = 0,
    /// <summary><c>ip</c>: IPv4 addresses.</summary>
    Ip,
    /// <summary><c>ipv6</c>: IPv6 addresses (an IPv4 address is stored as <c>::ffff:a.b.c.d</c>).</summary>
    Ipv6,
    /// <summary><c>integer</c>: 32-bit unsigned numbers.</summary>
    Integer,
    /// <summary><c>string</c>: text, cut at the table's <c>len</c>.</summary>
    String,
    /// <summary><c>binary</c>: bytes, shown in hexadecimal and padded with zeros to the table's <c>len</c>. HAProxy's CLI
    /// cannot look them up, set or clear them by key.</summary>
    Binary,
}

/// <summary>A stick table as <c>show table</c> lists it: <c># table: &lt;name&gt;, type: &lt;type&gt;, size:&lt;n&gt;,
/// used:&lt;n&gt;</c>.</summary>
public sealed class HaproxyStickTable : HaproxyObject
{
    public HaproxyStickTable(string name, HaproxyStickTableKeyType type, string typeWord, long size, long used)
    {
        Name = name;
        Type = type;
        TypeWord = typeWord;
        Size = size;
        Used = used;
    }

    /// <summary>The table's name: the proxy that declares it, or <c>&lt;peers&gt;/&lt;table&gt;</c> for a table of a
    /// peers section.</summary>
    public string Name { get; }

    /// <summary>The name again, under the name the entry cmdlets' -Table binds from piped objects.</summary>
    public string Table => Name;

    /// <summary>The key type.</summary>
    public HaproxyStickTableKeyType Type { get; }

    /// <summary>The type as HAProxy writes it ("ip", "ipv6", "integer", "string", "binary").</summary>
    public string TypeWord { get; }

    /// <summary>How many entries the table can hold.</summary>
    public long Size { get; }

    /// <summary>How many entries it holds now.</summary>
    public long Used { get; }

    public override string ToString() => Name;

    /// <summary>The key type of HAProxy's type word (<c>stktable_types[]</c>); Unknown for any other.</summary>
    public static HaproxyStickTableKeyType ParseType(string word) => word switch
    {
        "ip" => HaproxyStickTableKeyType.Ip,
        "ipv6" => HaproxyStickTableKeyType.Ipv6,
        "integer" => HaproxyStickTableKeyType.Integer,
        "string" => HaproxyStickTableKeyType.String,
        "binary" => HaproxyStickTableKeyType.Binary,
        _ => HaproxyStickTableKeyType.Unknown,
    };
}

/// <summary>A rate column of a stick-table entry (<c>http_req_rate(10000)=12</c>): events over the period the table
/// was configured with. Compared by <see cref="Rate"/>, so a column sorts and filters by its value; converts from a
/// number, so <c>Where-Object HttpReqRate -gt 5</c> compares the rate.</summary>
public sealed class HaproxyStickTableRate : IComparable<HaproxyStickTableRate>, IComparable, IEquatable<HaproxyStickTableRate>
{
    public HaproxyStickTableRate(long rate, TimeSpan period)
    {
        Rate = rate;
        Period = period;
    }

    /// <summary>A rate of <paramref name="rate"/> with no period: what a number is compared as.</summary>
    public HaproxyStickTableRate(long rate) : this(rate, TimeSpan.Zero)
    {
    }

    /// <summary>Events counted over the last <see cref="Period"/> (HAProxy's sliding average).</summary>
    public long Rate { get; }

    /// <summary>The period the table counts over (<c>http_req_rate(10s)</c>).</summary>
    public TimeSpan Period { get; }

    public static implicit operator HaproxyStickTableRate(long rate) => new HaproxyStickTableRate(rate);

    public static HaproxyStickTableRate FromInt64(long rate) => new HaproxyStickTableRate(rate);

    public int CompareTo(HaproxyStickTableRate? other) => other is null ? 1 : Rate.CompareTo(other.Rate);

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        HaproxyStickTableRate r => CompareTo(r),
        _ => Rate.CompareTo(Convert.ToInt64(obj, CultureInfo.InvariantCulture)),
    };

    /// <summary>Equal when the rates are (the period says how the table counts, not what was counted).</summary>
    public bool Equals(HaproxyStickTableRate? other) => other is not null && Rate == other.Rate;

    public override bool Equals(object? obj) => obj is HaproxyStickTableRate r && Equals(r);

    public override int GetHashCode() => Rate.GetHashCode();

    public static bool operator ==(HaproxyStickTableRate? a, HaproxyStickTableRate? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(HaproxyStickTableRate? a, HaproxyStickTableRate? b) => !(a == b);
    public static bool operator <(HaproxyStickTableRate? a, HaproxyStickTableRate? b) => a is null ? b is not null : a.CompareTo(b) < 0;
    public static bool operator >(HaproxyStickTableRate? a, HaproxyStickTableRate? b) => a is not null && a.CompareTo(b) > 0;
    public static bool operator <=(HaproxyStickTableRate? a, HaproxyStickTableRate? b) => !(a > b);
    public static bool operator >=(HaproxyStickTableRate? a, HaproxyStickTableRate? b) => !(a < b);

    /// <summary>"12/10s", as HAProxy spells periods.</summary>
    public override string ToString() =>
        Period == TimeSpan.Zero ? Rate.ToString(CultureInfo.InvariantCulture) : $"{Rate.ToString(CultureInfo.InvariantCulture)}/{FormatPeriod(Period)}";

    /// <summary>A period in HAProxy's largest whole unit: "10s", "1m", "1500ms".</summary>
    public static string FormatPeriod(TimeSpan period)
    {
        long ms = (long)period.TotalMilliseconds;
        foreach (var (unit, size) in Units)
        {
            if (ms != 0 && ms % size == 0) return (ms / size).ToString(CultureInfo.InvariantCulture) + unit;
        }
        return ms.ToString(CultureInfo.InvariantCulture) + "ms";
    }

    private static readonly (string Unit, long Size)[] Units = { ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000) };
}

/// <summary>The data columns of a stick-table entry by the name HAProxy prints (<c>gpc0</c>, <c>http_req_rate</c>,
/// <c>gpc1_rate</c>, the elements of an array as <c>gpt0</c>, <c>gpt1</c>…), in HAProxy's order: a counter is a
/// <see cref="long"/>, a rate a <see cref="HaproxyStickTableRate"/>, <c>server_key</c> a string (null for none), and a
/// column of a shape this client does not know its text. Names compare case-insensitively
/// (<c>$entry.Data.gpc0</c>).</summary>
public sealed class HaproxyStickTableData : Dictionary<string, object?>
{
    public HaproxyStickTableData() : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    /// <summary>The columns as HAProxy prints them: "gpc0=1 http_req_rate(10s)=5".</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var pair in this)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(pair.Key);
            if (pair.Value is HaproxyStickTableRate rate)
            {
                sb.Append('(').Append(HaproxyStickTableRate.FormatPeriod(rate.Period)).Append(")=").Append(rate.Rate.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append('=').Append(pair.Value is null ? "-" : Convert.ToString(pair.Value, CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }
}

/// <summary>One entry of a stick table, as <c>show table &lt;t&gt;</c> dumps it. <see cref="Table"/> and
/// <see cref="Key"/> bind by property name to the entry cmdlets. Every data column is in <see cref="Data"/>; the ones
/// HAProxy 3.4 defines are also typed properties, null when the table does not store them.</summary>
public sealed class HaproxyStickTableEntry : HaproxyObject
{
    public HaproxyStickTableEntry(string table, HaproxyStickTableKeyType keyType, string key, HaproxyStickTableData data)
    {
        Table = table;
        KeyType = keyType;
        Key = key;
        Data = data ?? throw new ArgumentNullException(nameof(data));
    }

    /// <summary>The table the entry was read from.</summary>
    public string Table { get; }

    /// <summary>The table's key type, which says how <see cref="Key"/> reads.</summary>
    public HaproxyStickTableKeyType KeyType { get; }

    /// <summary>The key: an address (ip, ipv6), a number (integer), the text itself (string: HAProxy's escapes undone),
    /// or hexadecimal digits (binary, padded with zeros to the table's length).</summary>
    public string Key { get; }

    /// <summary>How many streams track the entry now (HAProxy's <c>use</c>): an entry in use cannot be cleared.</summary>
    public int Use { get; internal set; }

    /// <summary>Time left before the entry expires (0 in a table without <c>expire</c>).</summary>
    public TimeSpan Expire { get; internal set; }

    /// <summary>The shard the entry belongs to (peers sharding); null before HAProxy 3.0, which does not print it.</summary>
    public int? Shard { get; internal set; }

    /// <summary>HAProxy's address of the entry (<c>0x…</c>, for <c>ptr</c> lookups), valid while it lives.</summary>
    public string? Pointer { get; internal set; }

    /// <summary>Every data column, by HAProxy's name.</summary>
    public HaproxyStickTableData Data { get; }

    public int? ServerId => Data.TryGetValue("server_id", out var v) && v is long l && l >= int.MinValue && l <= int.MaxValue ? (int)l : null;
    public string? ServerKey => Data.TryGetValue("server_key", out var v) ? v as string : null;
    public long? Gpt0 => Counter("gpt0");
    public long? Gpc0 => Counter("gpc0");
    public HaproxyStickTableRate? Gpc0Rate => RateOf("gpc0_rate");
    public long? Gpc1 => Counter("gpc1");
    public HaproxyStickTableRate? Gpc1Rate => RateOf("gpc1_rate");
    public long? ConnCnt => Counter("conn_cnt");
    public HaproxyStickTableRate? ConnRate => RateOf("conn_rate");
    public long? ConnCur => Counter("conn_cur");
    public long? SessCnt => Counter("sess_cnt");
    public HaproxyStickTableRate? SessRate => RateOf("sess_rate");
    public long? HttpReqCnt => Counter("http_req_cnt");
    public HaproxyStickTableRate? HttpReqRate => RateOf("http_req_rate");
    public long? HttpErrCnt => Counter("http_err_cnt");
    public HaproxyStickTableRate? HttpErrRate => RateOf("http_err_rate");
    public long? HttpFailCnt => Counter("http_fail_cnt");
    public HaproxyStickTableRate? HttpFailRate => RateOf("http_fail_rate");
    public long? BytesInCnt => Counter("bytes_in_cnt");
    public HaproxyStickTableRate? BytesInRate => RateOf("bytes_in_rate");
    public long? BytesOutCnt => Counter("bytes_out_cnt");
    public HaproxyStickTableRate? BytesOutRate => RateOf("bytes_out_rate");
    public long? GlitchCnt => Counter("glitch_cnt");
    public HaproxyStickTableRate? GlitchRate => RateOf("glitch_rate");

    /// <summary>The elements of the <c>gpt</c> array (or <c>gpt0</c>), by index; empty when the table stores none.</summary>
    public IReadOnlyList<long> Gpt => Elements("gpt");

    /// <summary>The elements of the <c>gpc</c> array (or <c>gpc0</c>/<c>gpc1</c>), by index.</summary>
    public IReadOnlyList<long> Gpc => Elements("gpc");

    private long? Counter(string name) => Data.TryGetValue(name, out var v) && v is long l ? l : null;

    private HaproxyStickTableRate? RateOf(string name) => Data.TryGetValue(name, out var v) ? v as HaproxyStickTableRate : null;

    /// <summary>An array's elements: HAProxy prints element i of <c>gpc</c> as <c>gpc&lt;i&gt;</c> (and the legacy
    /// <c>gpc0</c>/<c>gpc1</c> the same way; a table cannot store both).</summary>
    private List<long> Elements(string prefix)
    {
        var list = new List<long>();
        for (int i = 0; ; i++)
        {
            if (!(Data.TryGetValue(prefix + i.ToString(CultureInfo.InvariantCulture), out var v) && v is long l)) return list;
            list.Add(l);
        }
    }

    public override string ToString() => $"{Table} {Key}";
}
