using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Adds entries to a map (<c>add map</c>). Entries piped in (objects with Map/Key/Value properties, e.g. from
/// Import-Csv) or given as a dictionary with -Entry are sent pipelined, many escaped commands per line, not one round
/// trip per entry. Keys and values may contain spaces, ';' and '\': they are escaped. HAProxy keeps duplicate keys as
/// separate entries.
/// </summary>
[Cmdlet(VerbsCommon.Add, "HaproxyMapEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = SingleSet)]
[OutputType(typeof(HaproxyMapEntry))]
public sealed class AddHaproxyMapEntryCommand : HaproxyBatchingCmdlet
{
    private const string SingleSet = "Single";
    private const string DictionarySet = "Dictionary";

    /// <summary>The map: its file name, <c>virt@name</c> for a virtual map, or <c>#id</c>.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.MapCompleter))]
    public string Map { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = SingleSet, ValueFromPipelineByPropertyName = true)]
    public string Key { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 2, ParameterSetName = SingleSet, ValueFromPipelineByPropertyName = true)]
    public string Value { get; set; } = string.Empty;

    /// <summary>Many entries at once: a hashtable or any dictionary of key → value (in its enumeration order).</summary>
    [Parameter(Mandatory = true, ParameterSetName = DictionarySet)]
    public IDictionary? Entry { get; set; }

    /// <summary>Write each added entry.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override int BatchSize => 5000;

    private long _queued;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (ParameterSetName == SingleSet)
        {
            var command = HaproxyRequests.AddMapEntry(Map, Key, Value);
            if (ShouldProcess(command)) Queue(session, new QueuedEntry(command, Map, Key, Value));
            return;
        }
        // Build (and so validate) every command first: a bad entry is refused before any of the dictionary is sent.
        var entries = new List<QueuedEntry>(Entry!.Count);
        foreach (DictionaryEntry e in Entry)
        {
            string key = Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty;
            string value = Convert.ToString(e.Value, CultureInfo.InvariantCulture) ?? string.Empty;
            var command = HaproxyRequests.AddMapEntry(Map, key, value);
            session.EnsureSendable(command); // all of the dictionary or none of it
            entries.Add(new QueuedEntry(command, Map, key, value));
        }
        if (!ShouldProcess(Map, $"Add {entries.Count} map entries ('add map {Map} <key> <value>' each)")) return;
        foreach (var entry in entries) Queue(session, entry);
    }

    private void Queue(HaproxySession session, QueuedEntry entry)
    {
        Enqueue(session, entry.Command, entry.Command.Target, entry);
        if (++_queued % 10_000 == 0)
        {
            WriteProgress(new ProgressRecord(2, "Add-HaproxyMapEntry", $"{_queued} entries sent"));
        }
    }

    /// <summary>A queued command with the entry it adds, to write that entry with -PassThru once it succeeded.</summary>
    private sealed class QueuedEntry
    {
        public QueuedEntry(CliRequest<CliDone> command, string map, string key, string value)
        {
            Command = command;
            Map = map;
            Key = key;
            Value = value;
        }

        public CliRequest<CliDone> Command { get; }
        public string Map { get; }
        public string Key { get; }
        public string Value { get; }
    }

    protected override void OnBatchSent(HaproxySession session, IReadOnlyList<object?> succeeded)
    {
        if (!PassThru) return;
        foreach (var item in succeeded)
        {
            if (!(item is QueuedEntry added)) continue;
            var entry = new HaproxyMapEntry(added.Map, added.Key, added.Value);
            entry.AttachTo(session);
            WriteObject(entry);
        }
    }

    protected override void EndProcessing()
    {
        base.EndProcessing();
        if (_queued >= 10_000)
        {
            WriteProgress(new ProgressRecord(2, "Add-HaproxyMapEntry", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
