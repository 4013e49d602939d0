using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// An ACL's new pattern list, as Update-HaproxyAcl and Compare-HaproxyAcl take it: -Pattern, or piped strings or
/// objects with a Pattern. Update- replaces the list with it; Compare- lists how it differs from the live ACL.
/// </summary>
public abstract class HaproxyAclContentCmdlet : HaproxyReplaceCmdlet<string, HaproxyAcl>
{
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(Completion.AclCompleter))]
    public string Acl { get; set; } = string.Empty;

    /// <summary>Patterns of the new content: an array (@() atomically empties the ACL), or objects piped with a
    /// Pattern property. One empty or missing pattern refuses the whole replacement.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyCollection]
    [AllowEmptyString]
    [AllowNull]
    public string[]? Pattern { get; set; }

    /// <summary>Piped input: strings are patterns; other objects must carry a Pattern property. Taking every object
    /// here means none is dropped by the binder (or sent as its text) while the others replace the list.</summary>
    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    public object? InputObject { get; set; }

    protected override string ListName => Acl;
    protected override string Noun => "ACL";
    protected override string ItemNoun => "patterns";

    protected override (string Parameter, string Message)? MixedSources() =>
        MyInvocation.BoundParameters.ContainsKey(nameof(Pattern))
            ? ("Pattern", $"Give the patterns either with -Pattern or through the pipeline, not both; {Acl} was not {Outcome}.")
            : ((string, string)?)null;

    protected override void CollectRecord()
    {
        string[]? patterns = Pattern;
        if (patterns is null && InputObject is PSObject { BaseObject: string text }) patterns = new[] { text };
        else if (patterns is null && InputObject is string plain) patterns = new[] { plain };
        if (patterns is null)
        {
            // $null, an empty Get-Content result passed to -Pattern, or an object without a Pattern property.
            RejectRow("Pattern", $"No pattern was given ({(InputObject is null ? "null" : "an object without a Pattern property")}); {Acl} will not be {Outcome}. To empty it, pass -Pattern @().",
                InputObject ?? Acl);
            return;
        }
        foreach (var p in patterns)
        {
            if (string.IsNullOrEmpty(p)) RejectRow("Pattern", $"An empty pattern was given; {Acl} will not be {Outcome}.", Acl);
            else Items.Add(p);
        }
    }

    protected override AtomicReplace.Result Replace(HaproxySession session, Action<CliRequest>? sending) =>
        AtomicReplace.ReplaceAcl(session, Acl, Items, CancelToken, sending);

    protected override AtomicReplace.Result Stage(HaproxySession session, Action<CliRequest>? sending) =>
        AtomicReplace.StageAcl(session, Acl, Items, CancelToken, sending);

    protected override CliRequest<List<HaproxyAcl>> ListRequest() => HaproxyRequests.GetAcls();

    /// <summary>Each pattern added or removed against the live ACL.</summary>
    protected override List<(HaproxyObject Item, string Target, string Action, HaproxyChange Kind)> Differences(HaproxySession session) =>
        HaproxyAclDifference.Between(Acl, Invoke(session, HaproxyRequests.GetAclEntries(Acl)), Items)
            .Select(d => ((HaproxyObject)d, $"{Acl} {d.Pattern}", d.Change == HaproxyChange.Add ? "Add" : "Remove", d.Change)).ToList();
}
