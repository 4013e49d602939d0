using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Replaces a map's whole content atomically: <c>prepare map</c>, the new entries into that version (pipelined), then
/// <c>commit map</c>. Traffic sees the old table or the new one, never a mix, at any size. If loading fails, the new
/// version is dropped and the live map is untouched. -WhatIf lists the keys that would be added, removed or changed.
/// </summary>
[Cmdlet(VerbsData.Update, "HaproxyMap", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PipelineSet)]
[OutputType(typeof(HaproxyMap))]
public sealed class UpdateHaproxyMapCommand : HaproxySessionCmdlet
{
    private const string PipelineSet = "Pipeline";
    private const string DictionarySet = "Dictionary";

    [Parameter(Mandatory = true, Position = 0)]
    public string Map { get; set; } = string.Empty;

    /// <summary>The complete new content as a dictionary of key → value.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = DictionarySet)]
    public IDictionary? Entry { get; set; }

    /// <summary>One entry of the new content, from piped objects with Key and Value properties. Not mandatory on
    /// purpose: a row PowerShell could not bind would otherwise be skipped with an error while the rest still replaced
    /// the whole table; here every row reaches the cmdlet, and one bad row refuses the whole replacement.</summary>
    [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? Key { get; set; }

    [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? Value { get; set; }

    /// <summary>Takes every piped object, so that one without Key/Value properties (a stray string, $null) reaches the
    /// cmdlet and refuses the replacement, instead of being dropped by the binder while the rest is committed.</summary>
    [Parameter(ParameterSetName = PipelineSet, ValueFromPipeline = true)]
    [AllowNull]
    public object? InputObject { get; set; }

    /// <summary>Write the map (entry count, versions) after the commit.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private readonly List<KeyValuePair<string, string>> _entries = new List<KeyValuePair<string, string>>();
    private int _invalidRows;
    private readonly HashSet<HaproxySession> _sessions = new HashSet<HaproxySession>();

    protected override void BeginProcessing()
    {
        // Only command-line parameters are bound at this point. -Key/-Value typed there would be taken once per piped
        // record while the piped rows were ignored: one source only.
        if (MyInvocation.ExpectingInput && (MyInvocation.BoundParameters.ContainsKey(nameof(Key)) || MyInvocation.BoundParameters.ContainsKey(nameof(Value))))
        {
            ThrowTerminatingError(new ErrorRecord(new Client.Errors.HaproxyArgumentException("Key",
                    $"Give the entries either through the pipeline (objects with Key and Value) or with -Entry, not -Key/-Value as well; {Map} was not replaced."),
                ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, Map));
        }
        base.BeginProcessing();
    }

    protected override void ProcessRecord()
    {
        // The content is one whole, gathered from every record once (not once per session); the replace runs at the end.
        if (ParameterSetName == DictionarySet)
        {
            foreach (DictionaryEntry e in Entry!)
            {
                _entries.Add(new KeyValuePair<string, string>(Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty,
                                                              Convert.ToString(e.Value, CultureInfo.InvariantCulture) ?? string.Empty));
            }
        }
        else if (string.IsNullOrEmpty(Key) || string.IsNullOrEmpty(Value))
        {
            _invalidRows++;
            WriteError(new ErrorRecord(new Client.Errors.HaproxyArgumentException("Key",
                    $"Row {_entries.Count + _invalidRows} has no {(string.IsNullOrEmpty(Key) ? "Key" : "Value")}; the map will not be replaced."),
                ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, Key));
        }
        else
        {
            _entries.Add(new KeyValuePair<string, string>(Key!, Value!));
        }
        base.ProcessRecord();
    }

    protected override void ProcessRecordWithSession(HaproxySession session) => _sessions.Add(session);

    protected override void EndProcessing()
    {
        if (_invalidRows > 0)
        {
            // All or nothing: a partial table would silently drop entries. Each bad row was already reported.
            WriteVerbose($"{_invalidRows} invalid input row(s): {Map} was not replaced.");
            return;
        }
        foreach (var session in _sessions)
        {
            try
            {
                Replace(session);
            }
            catch (Client.Errors.HaproxyException ex)
            {
                WriteFailure(ex, Map);
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }
    }

    private void Replace(HaproxySession session)
    {
        if (MyInvocation.BoundParameters.ContainsKey("WhatIf"))
        {
            WriteDiff(session);
        }
        if (!ShouldProcess(Map, $"Replace the content atomically with {_entries.Count} entries (prepare map; add map @<ver> ...; commit map)")) return;
        var progress = new ProgressRecord(3, "Update-HaproxyMap", $"Loading {_entries.Count} entries into a new version of {Map}");
        WriteProgress(progress);
        var result = AtomicReplace.ReplaceMap(session, Map, _entries, CancelToken, VerboseSending(session));
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
        WriteVerbose($"[{session.Name}] committed version {result.Version} of {Map} ({result.EntryCount} entries)");
        if (PassThru)
        {
            WriteObject(ReadChangedList(session, HaproxyRequests.GetMaps(), Map, "Map"), enumerateCollection: true);
        }
    }

    /// <summary>-WhatIf: one line per key added, removed or changed against the live map.</summary>
    private void WriteDiff(HaproxySession session)
    {
        var live = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in Invoke(session, HaproxyRequests.GetMapEntries(Map))) live[e.Key] = e.Value;
        var next = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in _entries) next[e.Key] = e.Value;
        foreach (var e in next)
        {
            if (!live.TryGetValue(e.Key, out var old)) ShouldProcess($"{Map} {e.Key}", $"Add (value '{e.Value}')");
            else if (old != e.Value) ShouldProcess($"{Map} {e.Key}", $"Change value '{old}' -> '{e.Value}'");
        }
        foreach (var key in live.Keys.Where(k => !next.ContainsKey(k)))
        {
            ShouldProcess($"{Map} {key}", "Remove");
        }
    }
}
