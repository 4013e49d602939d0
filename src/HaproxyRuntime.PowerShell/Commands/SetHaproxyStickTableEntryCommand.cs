using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Creates or updates a stick-table entry (<c>set table &lt;t&gt; key &lt;k&gt; data.&lt;name&gt; &lt;value&gt; …</c>,
/// every -Data pair in one request). The key is checked against the table's key type before anything is sent. Piped
/// objects bind -Table and -Key by property name (entries, CSV rows) and are sent pipelined.
/// </summary>
[Cmdlet(VerbsCommon.Set, "HaproxyStickTableEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HaproxyStickTableEntry))]
public sealed class SetHaproxyStickTableEntryCommand : HaproxyBatchingCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.StickTableCompleter))]
    public string Table { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public string Key { get; set; } = string.Empty;

    /// <summary>Data type → whole number: @{ gpc0 = 5; gpt0 = 1 }; an array element by index: @{ 'gpc[1]' = 3 }.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    public IDictionary Data { get; set; } = new Hashtable();

    /// <summary>Write each entry as HAProxy has it after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private sealed class Changed
    {
        public Changed(string table, HaproxyStickTableKeyType type, string key)
        {
            Table = table;
            Type = type;
            Key = key;
        }

        public string Table { get; }
        public HaproxyStickTableKeyType Type { get; }
        public string Key { get; }
    }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var table = ReadStickTable(session, Table);
        var command = HaproxyRequests.SetStickTableEntry(Table, table.Type, Key, Values(Data));
        if (!ShouldProcess(command)) return;
        Enqueue(session, command, command.Target, new Changed(Table, table.Type, Key));
    }

    protected override void OnBatchSent(HaproxySession session, IReadOnlyList<object?> succeeded)
    {
        if (!PassThru) return;
        foreach (var item in succeeded)
        {
            if (!(item is Changed c)) continue;
            Guarded(() =>
            {
                var entries = Invoke(session, HaproxyRequests.GetStickTableEntry(c.Table, c.Type, c.Key));
                if (entries.Count == 0) WriteError(ErrorRecordFactory.NotFoundAfterChange("Stick table entry", $"{c.Table} {c.Key}"));
                WriteObject(entries, enumerateCollection: true);
            }, $"{c.Table} {c.Key}");
        }
    }

    /// <summary>The -Data pairs as whole numbers: integers of any size, and text or floating-point values that are
    /// exactly one; anything else (5.5, 'five', $null) is refused rather than rounded or sent as text.</summary>
    private static List<KeyValuePair<string, long>> Values(IDictionary data)
    {
        var values = new List<KeyValuePair<string, long>>(data.Count);
        foreach (DictionaryEntry pair in data)
        {
            string name = Convert.ToString(pair.Key is PSObject pk ? pk.BaseObject : pair.Key, CultureInfo.InvariantCulture) ?? string.Empty;
            object? value = pair.Value is PSObject pv ? pv.BaseObject : pair.Value;
            values.Add(new KeyValuePair<string, long>(name, WholeNumber(name, value)));
        }
        return values;
    }

    private static long WholeNumber(string name, object? value)
    {
        switch (value)
        {
            case long l: return l;
            case int i: return i;
            case short s: return s;
            case byte b: return b;
            case sbyte sb: return sb;
            case ushort us: return us;
            case uint ui: return ui;
            case ulong ul when ul <= long.MaxValue: return (long)ul;
            case string text when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed): return parsed;
            case double d when Math.Floor(d) == d && d >= long.MinValue && d < long.MaxValue: return (long)d;
            case float f when Math.Floor(f) == f && f >= long.MinValue && f < long.MaxValue: return (long)f;
            case decimal m when decimal.Truncate(m) == m && m >= long.MinValue && m <= long.MaxValue: return (long)m;
        }
        string shown = value is null ? "null" : "'" + CliArgument.Printable(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty) + "'";
        throw new HaproxyArgumentException("Data", $"The value of '{CliArgument.Printable(name)}' ({shown}) is not a whole number; HAProxy stores stick-table data as integers.");
    }
}
