using System;
using System.Globalization;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Requests;

/// <summary>
/// One condition of <c>show table</c> / <c>clear table</c> on an entry's stored data: <c>data.&lt;name&gt; &lt;op&gt;
/// &lt;value&gt;</c>. HAProxy (stick_table.c table_prepare_data_request) takes a data type the table stores, one of the
/// operators eq, ne, le, ge, lt, gt (get_std_op) and a 64-bit integer (strl2llrc); a rate is compared by its value over
/// the table's period.
/// </summary>
public sealed class StickTableFilter
{
    /// <summary>HAProxy's operators (the ACL ones, src/tools.c get_std_op).</summary>
    public static readonly string[] Operators = { "eq", "ne", "le", "ge", "lt", "gt" };

    /// <param name="data">The data type's name (<c>gpc0</c>, <c>http_req_rate</c>, an array element as <c>gpc[1]</c>;
    /// a leading <c>data.</c> is accepted).</param>
    /// <param name="op">One of <see cref="Operators"/>; PowerShell's spelling (<c>-gt</c>) is read as HAProxy's.</param>
    /// <param name="value">The number the data is compared with.</param>
    public StickTableFilter(string data, string op, long value)
    {
        string text = $"{data} {op} {value.ToString(CultureInfo.InvariantCulture)}";
        Data = StickTableDataName.Check(data, "Filter", $"Filter '{CliArgument.Printable(text)}': ");
        Operator = ReadOperator(op, text);
        Value = value;
        Text = text;
    }

    private StickTableFilter(string text, string data, string op, long value)
    {
        Text = text;
        Data = data;
        Operator = op;
        Value = value;
    }

    /// <summary>The data type, as sent (lowercase, without <c>data.</c>).</summary>
    public string Data { get; }

    /// <summary>HAProxy's operator word.</summary>
    public string Operator { get; }

    public long Value { get; }

    /// <summary>The filter as the user gave it (for messages).</summary>
    public string Text { get; }

    /// <summary>Whether it names an array element by index (<c>gpc[1]</c>), which HAProxy reads from 3.2 on.</summary>
    public bool UsesIndex => Data.IndexOf('[') >= 0;

    /// <summary>The filter's three words on the CLI.</summary>
    public string ToCli() => $"data.{Data} {Operator} {Value.ToString(CultureInfo.InvariantCulture)}";

    public override string ToString() => ToCli();

    /// <summary>Reads "&lt;data&gt; &lt;operator&gt; &lt;value&gt;" (words separated by spaces or tabs): "gpc0 gt 0",
    /// "data.http_req_rate ge 100", "gpc[1] -eq 3". Anything else is refused, naming the filter.</summary>
    public static StickTableFilter Parse(string? text)
    {
        CliArgument.CheckSendable(text, "Filter");
        string t = text!;
        string prefix = $"Filter '{CliArgument.Printable(t)}': ";
        var words = t.Split(CliArgument.WordSeparators, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 3)
        {
            throw new HaproxyArgumentException("Filter",
                $"{prefix}a filter is three words, '<data> <operator> <value>' (e.g. 'gpc0 gt 0', 'http_req_rate ge 100'); this one has {words.Length}.");
        }
        string data = StickTableDataName.Check(words[0], "Filter", prefix);
        string op = ReadOperator(words[1], t);
        if (!long.TryParse(words[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw new HaproxyArgumentException("Filter",
                $"{prefix}'{CliArgument.Printable(words[2])}' is not a whole number from {long.MinValue} to {long.MaxValue}, which is what HAProxy compares stored data with.");
        }
        return new StickTableFilter(t, data, op, value);
    }

    private static string ReadOperator(string? op, string text)
    {
        string o = op ?? string.Empty;
        if (o.StartsWith("-", StringComparison.Ordinal)) o = o.Substring(1);
        o = o.ToLowerInvariant();
        if (Array.IndexOf(Operators, o) < 0)
        {
            throw new HaproxyArgumentException("Filter",
                $"Filter '{CliArgument.Printable(text)}': '{CliArgument.Printable(op ?? string.Empty)}' is not one of HAProxy's operators eq, ne, le, ge, lt, gt (PowerShell's -eq, -ne, -le, -ge, -lt, -gt are read as those).");
        }
        return o;
    }
}

/// <summary>The name of a stick-table data type in a command (<c>data.&lt;name&gt;</c>): HAProxy's names are lowercase
/// letters, digits and '_' (stick_table.c stktable_data_types[]), an array element adds its index in brackets
/// (<c>gpc[1]</c>, stktable_get_data_type_idx). Nothing else can name stored data, and nothing else is sent.</summary>
public static class StickTableDataName
{
    /// <summary>The name as sent: without a leading <c>data.</c>, lowercase (HAProxy compares names case-sensitively and
    /// all of them are lowercase).</summary>
    /// <param name="name">The name given.</param>
    /// <param name="parameterName">The parameter it came in, for the refusal.</param>
    /// <param name="context">What the refusal's message starts with (e.g. the filter it is part of).</param>
    public static string Check(string? name, string parameterName, string context = "")
    {
        CliArgument.CheckSendable(name, parameterName);
        string n = name!;
        if (n.StartsWith("data.", StringComparison.OrdinalIgnoreCase)) n = n.Substring(5);
        n = n.ToLowerInvariant();
        if (!IsName(n))
        {
            throw new HaproxyArgumentException(parameterName,
                $"{context}'{CliArgument.Printable(name!)}' is not a stick-table data type: HAProxy's are lowercase letters, digits and '_' (gpc0, http_req_rate, server_id), and an element of an array adds its index in brackets (gpc[1]).");
        }
        return n;
    }

    private static bool IsName(string n)
    {
        int i = 0;
        if (n.Length == 0 || n[0] < 'a' || n[0] > 'z') return false;
        while (i < n.Length && ((n[i] >= 'a' && n[i] <= 'z') || (n[i] >= '0' && n[i] <= '9') || n[i] == '_')) i++;
        if (i == n.Length) return n.Length <= 64;
        // An index: '[', 1-9 digits, ']', at the end.
        if (n[i] != '[' || n[n.Length - 1] != ']') return false;
        string digits = n.Substring(i + 1, n.Length - i - 2);
        if (digits.Length == 0 || digits.Length > 9) return false;
        foreach (char c in digits)
        {
            if (c < '0' || c > '9') return false;
        }
        return i <= 64;
    }
}
