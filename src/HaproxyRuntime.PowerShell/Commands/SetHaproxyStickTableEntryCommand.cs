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
/// every -Data pair in one request), or with -Pointer the existing entry at that address (<c>set table &lt;t&gt; ptr
/// &lt;p&gt; …</c>, HAProxy 3.0+, never creating one). The key is checked against the table's key type before anything
/// is sent. Piped objects bind -Table and -Key by property name (entries, CSV rows) and are sent pipelined; a piped
/// entry is addressed by its key, the stable identity (an address is reused once its entry expires): -Pointer is given
/// on the command line only, as in Get- and Clear-HaproxyStickTableEntry.
/// </summary>
[Cmdlet(VerbsCommon.Set, "HaproxyStickTableEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = KeySet)]
[OutputType(typeof(HaproxyStickTableEntry))]
public sealed class SetHaproxyStickTableEntryCommand : HaproxyBatchingCmdlet
{
    private const string KeySet = "Key";
    private const string PointerSet = "Pointer";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.StickTableCompleter))]
    public string Table { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = KeySet, ValueFromPipelineByPropertyName = true)]
    public string Key { get; set; } = string.Empty;

    /// <summary>The address of an existing entry, as 'show table' prints it (an entry's Pointer): 0x and hex digits.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PointerSet)]
    public string Pointer { get; set; } = string.Empty;

    /// <summary>Data type → whole number: @{ gpc0 = 5; gpt0 = 1 }; an array element by index: @{ 'gpc[1]' = 3 }.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    public IDictionary Data { get; set; } = new Hashtable();

    /// <summary>Write each entry as HAProxy has it after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private sealed class Changed
    {
        public Changed(string table, HaproxyStickTableKeyType type, string? key, string? pointer)
        {
            Table = table;
            Type = type;
            Key = key;
            Pointer = pointer;
        }

        public string Table { get; }
        public HaproxyStickTableKeyType Type { get; }
        public string? Key { get; }
        public string? Pointer { get; }

        /// <summary>The request that reads the entry again, by what addressed it.</summary>
        public CliRequest<List<HaproxyStickTableEntry>> Read() => Pointer != null
            ? HaproxyRequests.GetStickTableEntryByPointer(Table, Type, Pointer)
            : HaproxyRequests.GetStickTableEntry(Table, Type, Key!);
    }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var table = ReadStickTable(session, Table);
        bool byPointer = ParameterSetName == PointerSet;
        var command = byPointer
            ? HaproxyRequests.SetStickTableEntryByPointer(Table, table.Type, Pointer, Values(Data))
            : HaproxyRequests.SetStickTableEntry(Table, table.Type, Key, Values(Data));
        if (!ShouldProcess(command)) return;
        Enqueue(session, command, command.Target, byPointer ? new Changed(Table, table.Type, null, Pointer) : new Changed(Table, table.Type, Key, null));
    }

    protected override void OnBatchSent(HaproxySession session, IReadOnlyList<object?> succeeded)
    {
        if (!PassThru) return;
        foreach (var item in succeeded)
        {
            if (!(item is Changed c)) continue;
            string target = $"{c.Table} {c.Key ?? c.Pointer}";
            Guarded(() =>
            {
                var entries = Invoke(session, c.Read());
                if (entries.Count == 0) WriteError(ErrorRecordFactory.NotFoundAfterChange("Stick table entry", target));
                WriteObject(entries, enumerateCollection: true);
            }, target);
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
