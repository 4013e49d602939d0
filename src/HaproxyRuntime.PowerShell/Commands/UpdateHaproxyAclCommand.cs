using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Replaces an ACL's whole pattern list atomically: <c>prepare acl</c>, the new patterns into that version
/// (pipelined), then <c>commit acl</c>. Traffic sees the old list or the new one, never a mix. If loading fails, the new
/// version is dropped and the live ACL is untouched. -WhatIf lists the patterns that would be added or removed.
/// </summary>
[Cmdlet(VerbsData.Update, "HaproxyAcl", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(HaproxyAcl))]
public sealed class UpdateHaproxyAclCommand : HaproxyReplaceCmdlet<string, HaproxyAcl>
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
            ? ("Pattern", $"Give the patterns either with -Pattern or through the pipeline, not both; {Acl} was not replaced.")
            : ((string, string)?)null;

    protected override void CollectRecord()
    {
        string[]? patterns = Pattern;
        if (patterns is null && InputObject is PSObject { BaseObject: string text }) patterns = new[] { text };
        else if (patterns is null && InputObject is string plain) patterns = new[] { plain };
        if (patterns is null)
        {
            // $null, an empty Get-Content result passed to -Pattern, or an object without a Pattern property.
            RejectRow("Pattern", $"No pattern was given ({(InputObject is null ? "null" : "an object without a Pattern property")}); {Acl} will not be replaced. To empty it, pass -Pattern @().",
                InputObject ?? Acl);
            return;
        }
        foreach (var p in patterns)
        {
            if (string.IsNullOrEmpty(p)) RejectRow("Pattern", $"An empty pattern was given; {Acl} will not be replaced.", Acl);
            else Items.Add(p);
        }
    }

    protected override AtomicReplace.Result Replace(HaproxySession session, Action<CliRequest>? sending) =>
        AtomicReplace.ReplaceAcl(session, Acl, Items, CancelToken, sending);

    protected override CliRequest<List<HaproxyAcl>> ListRequest() => HaproxyRequests.GetAcls();

    protected override List<(string Target, string Action, DiffKind Kind)> Differences(HaproxySession session)
    {
        var live = new HashSet<string>(Invoke(session, HaproxyRequests.GetAclEntries(Acl)).Select(e => e.Pattern), StringComparer.Ordinal);
        var next = new HashSet<string>(Items, StringComparer.Ordinal);
        var diff = new List<(string, string, DiffKind)>();
        foreach (var p in next.Where(p => !live.Contains(p))) diff.Add(($"{Acl} {p}", "Add", DiffKind.Add));
        foreach (var p in live.Where(p => !next.Contains(p))) diff.Add(($"{Acl} {p}", "Remove", DiffKind.Remove));
        return diff;
    }
}
