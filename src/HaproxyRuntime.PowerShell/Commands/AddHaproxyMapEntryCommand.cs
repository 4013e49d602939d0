using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Adds entries to a map (<c>add map</c>). Entries piped in (objects with Map/Key/Value properties, e.g. from
/// Import-Csv) or given as a dictionary with -Entry are sent pipelined, many escaped commands per line, not one round
/// trip per entry. Keys and values may contain spaces, ';' and '\': they are escaped. A key the map already has (or
/// that an earlier input of the same call added) is refused, HaproxyObjectExists: HAProxy would keep a second entry
/// with it, which re-running an import never means. -AllowDuplicate adds it anyway. The map's keys are read once per
/// call (one 'show map'), so bulk loads keep their speed.
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

    /// <summary>Add an entry even when the map has its key already (HAProxy then keeps both).</summary>
    [Parameter]
    public SwitchParameter AllowDuplicate { get; set; }

    // The keys of each map this call adds to, per session: read once, then kept up to date with what is queued.
    private readonly Dictionary<HaproxySession, Dictionary<string, HashSet<string>>> _keys = new Dictionary<HaproxySession, Dictionary<string, HashSet<string>>>();

    protected override int CommandsPerBatch => 5000;


    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (ParameterSetName == SingleSet)
        {
            var command = HaproxyRequests.AddMapEntry(Map, Key, Value);
            if (IsNew(session, Map, Key) && ShouldProcess(command)) Queue(session, new QueuedEntry(command, Map, Key, Value));
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
        entries.RemoveAll(e => !IsNew(session, Map, e.Key));
        if (!ShouldProcess(Map, $"Add {entries.Count} map entries ('add map {Map} <key> <value>' each)")) return;
        foreach (var entry in entries) Queue(session, entry);
    }

    /// <summary>True when <paramref name="key"/> may be added (-AllowDuplicate, or no entry of the map has it); else
    /// the input's HaproxyObjectExists error is written. A key accepted here counts as the map's from now on.</summary>
    private bool IsNew(HaproxySession session, string map, string key)
    {
        if (AllowDuplicate) return true;
        if (!_keys.TryGetValue(session, out var maps)) _keys[session] = maps = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (!maps.TryGetValue(map, out var keys))
        {
            keys = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                foreach (var entry in Invoke(session, HaproxyRequests.GetMapEntries(map)))
                {
                    // 'show map' prints key and value unescaped, one space apart: only an entry whose text has one
                    // space tells its key for sure. Others are not taken as known keys (never refuse a key the map
                    // may not have: HAProxy's own rule, duplicates allowed, applies to them).
                    if (entry.Key.IndexOf(' ') < 0 && entry.Value.IndexOf(' ') < 0) keys.Add(entry.Key);
                }
            }
            catch (HaproxyCommandException ex) when (ex.Kind == HaproxyErrorKind.NotFound || ex.Kind == HaproxyErrorKind.PermissionDenied)
            {
                // A virtual map 'add map' is about to create, or a level that cannot read it: HAProxy judges each add.
            }
            maps[map] = keys;
        }
        if (keys.Add(key)) return true;
        WriteError(ErrorRecordFactory.AlreadyExists(
            $"Map {map} has an entry with key '{key}' already; a second one is not added. Set-HaproxyMapEntry changes its value, Update-HaproxyMap replaces the whole map, -AllowDuplicate adds it anyway.",
            key));
        return false;
    }

    private void Queue(HaproxySession session, QueuedEntry entry)
    {
        Enqueue(session, entry.Command, entry.Command.Target, entry);
        CountForProgress("entries sent");
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
}
