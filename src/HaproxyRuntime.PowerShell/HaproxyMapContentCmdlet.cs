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
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// A map's new content, as Update-HaproxyMap and Compare-HaproxyMap take it: a dictionary (-Entry) or piped objects with
/// Key and Value. Update- replaces the content with it; Compare- lists how it differs from the live map.
/// </summary>
public abstract class HaproxyMapContentCmdlet : HaproxyReplaceCmdlet<KeyValuePair<string, string>, HaproxyMap>
{
    protected const string PipelineSet = "Pipeline";
    private const string DictionarySet = "Dictionary";

    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(Completion.MapCompleter))]
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

    protected override string ListName => Map;
    protected override string Noun => "Map";
    protected override string ItemNoun => "entries";

    protected override (string Parameter, string Message)? MixedSources() =>
        MyInvocation.BoundParameters.ContainsKey(nameof(Key)) || MyInvocation.BoundParameters.ContainsKey(nameof(Value))
            ? ("Key", $"Give the entries either through the pipeline (objects with Key and Value) or with -Entry, not -Key/-Value as well; {Map} was not {Outcome}.")
            : ((string, string)?)null;

    protected override void CollectRecord()
    {
        if (ParameterSetName == DictionarySet)
        {
            foreach (DictionaryEntry e in Entry!)
            {
                Items.Add(new KeyValuePair<string, string>(Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty,
                                                           Convert.ToString(e.Value, CultureInfo.InvariantCulture) ?? string.Empty));
            }
        }
        else if (string.IsNullOrEmpty(Key) || string.IsNullOrEmpty(Value))
        {
            RejectRow("Key", $"Row {Items.Count + InvalidRows + 1} has no {(string.IsNullOrEmpty(Key) ? "Key" : "Value")}; the map will not be {Outcome}.", Key);
        }
        else
        {
            Items.Add(new KeyValuePair<string, string>(Key!, Value!));
        }
    }

    protected override AtomicReplace.Result Replace(HaproxySession session, Action<CliRequest>? sending) =>
        AtomicReplace.ReplaceMap(session, Map, Items, CancelToken, sending);

    protected override AtomicReplace.Result Stage(HaproxySession session, Action<CliRequest>? sending) =>
        AtomicReplace.StageMap(session, Map, Items, CancelToken, sending);

    protected override CliRequest<List<HaproxyMap>> ListRequest() => HaproxyRequests.GetMaps();

    /// <summary>Each key added, changed or removed against the live map.</summary>
    protected override List<(HaproxyObject Item, string Target, string Action, HaproxyChange Kind)> Differences(HaproxySession session) =>
        HaproxyMapDifference.Between(Map, Invoke(session, HaproxyRequests.GetMapEntries(Map)), Items)
            .Select(d => ((HaproxyObject)d, $"{Map} {d.Key}", d.Change switch
            {
                HaproxyChange.Add => $"Add (value '{d.Value}')",
                HaproxyChange.Change => $"Change value '{d.OldValue}' -> '{d.Value}'",
                _ => "Remove",
            }, d.Change)).ToList();
}
