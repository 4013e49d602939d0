using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Replaces an ACL's whole pattern list atomically: <c>prepare acl</c>, the new patterns into that version
/// (pipelined), then <c>commit acl</c>. Traffic sees the old list or the new one, never a mix. If loading fails, the new
/// version is dropped and the live ACL is untouched. -WhatIf lists the patterns that would be added or removed.
/// </summary>
[Cmdlet(VerbsData.Update, "HaproxyAcl", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(HaproxyAcl))]
public sealed class UpdateHaproxyAclCommand : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
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

    /// <summary>Write the ACL (entry count, versions) after the commit.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private readonly List<string> _patterns = new List<string>();
    private readonly HashSet<HaproxySession> _sessions = new HashSet<HaproxySession>();

    private int _invalidRows;

    protected override void BeginProcessing()
    {
        // Only command-line parameters are bound at this point. Patterns from both sources would be ambiguous (the
        // command-line ones would be taken once per piped record), so one source only.
        if (MyInvocation.ExpectingInput && MyInvocation.BoundParameters.ContainsKey(nameof(Pattern)))
        {
            ThrowTerminatingError(new ErrorRecord(new Client.Errors.HaproxyArgumentException("Pattern",
                    $"Give the patterns either with -Pattern or through the pipeline, not both; {Acl} was not replaced."),
                ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, Acl));
        }
        base.BeginProcessing();
    }

    protected override void ProcessRecord()
    {
        string[]? patterns = Pattern;
        if (patterns is null && InputObject is PSObject { BaseObject: string text }) patterns = new[] { text };
        else if (patterns is null && InputObject is string plain) patterns = new[] { plain };
        if (patterns is null)
        {
            // $null, an empty Get-Content result passed to -Pattern, or an object without a Pattern property.
            _invalidRows++;
            WriteError(new ErrorRecord(new Client.Errors.HaproxyArgumentException("Pattern",
                    $"No pattern was given ({(InputObject is null ? "null" : "an object without a Pattern property")}); {Acl} will not be replaced. To empty it, pass -Pattern @()."),
                ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, InputObject ?? Acl));
            base.ProcessRecord();
            return;
        }
        foreach (var p in patterns)
        {
            if (string.IsNullOrEmpty(p))
            {
                _invalidRows++;
                WriteError(new ErrorRecord(new Client.Errors.HaproxyArgumentException("Pattern", $"An empty pattern was given; {Acl} will not be replaced."),
                    ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, Acl));
                continue;
            }
            _patterns.Add(p);
        }
        base.ProcessRecord();
    }

    protected override void ProcessRecordWithSession(HaproxySession session) => _sessions.Add(session);

    protected override void EndProcessing()
    {
        if (_invalidRows > 0)
        {
            // All or nothing: a partial table would silently drop entries. Each bad row was already reported.
            WriteVerbose($"{_invalidRows} invalid input row(s): {Acl} was not replaced.");
            return;
        }
        foreach (var session in _sessions)
        {
            try
            {
                if (MyInvocation.BoundParameters.ContainsKey("WhatIf")) WriteDiff(session);
                if (!ShouldProcess(Acl, $"Replace the content atomically with {_patterns.Count} patterns (prepare acl; add acl @<ver> ...; commit acl)")) continue;
                var result = AtomicReplace.ReplaceAcl(session, Acl, _patterns, CancelToken, VerboseSending(session));
                WriteVerbose($"[{session.Name}] committed version {result.Version} of {Acl} ({result.EntryCount} patterns)");
                if (PassThru)
                {
                    WriteObject(ReadChangedList(session, HaproxyRequests.GetAcls(), Acl, "ACL"), enumerateCollection: true);
                }
            }
            catch (Client.Errors.HaproxyException ex)
            {
                WriteFailure(ex, Acl);
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }
    }

    private void WriteDiff(HaproxySession session)
    {
        var live = new HashSet<string>(Invoke(session, HaproxyRequests.GetAclEntries(Acl)).Select(e => e.Pattern), StringComparer.Ordinal);
        var next = new HashSet<string>(_patterns, StringComparer.Ordinal);
        foreach (var p in next.Where(p => !live.Contains(p))) ShouldProcess($"{Acl} {p}", "Add");
        foreach (var p in live.Where(p => !next.Contains(p))) ShouldProcess($"{Acl} {p}", "Remove");
    }
}
