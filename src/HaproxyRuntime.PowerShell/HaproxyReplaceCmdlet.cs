using System;
using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// Shape shared by Update-HaproxyMap, Update-HaproxyAcl and their Compare- twins: the new content is gathered from
/// every record (once, not once per session), one bad row refuses the whole replacement, and at the end each session
/// gets an atomic replace (see <see cref="AtomicReplace"/>) — or, for Compare-, the differences against the live
/// content as objects; -WhatIf lists the same differences as lines. The map and ACL bases declare their own parameters
/// (PowerShell names parameters by property) and say how a record becomes content and what differs.
/// </summary>
/// <typeparam name="TItem">One item of the content (a key/value pair, a pattern).</typeparam>
/// <typeparam name="TSet">The map or ACL type written by -PassThru.</typeparam>
public abstract class HaproxyReplaceCmdlet<TItem, TSet> : HaproxySessionCmdlet where TSet : HaproxyPatternSet
{
    private readonly HashSet<HaproxySession> _sessions = new HashSet<HaproxySession>();
    private int _invalidRows;

    /// <summary>Compare- only lists the differences, as objects; Update- replaces the content.</summary>
    protected virtual bool Compares => false;

    /// <summary>Update-'s -PassThru: write the map or ACL (entry count, versions) after the commit.</summary>
    protected virtual bool PassThruWanted => false;

    /// <summary>"replaced" or "compared": what a refused input does not get.</summary>
    protected string Outcome => Compares ? "compared" : "replaced";

    /// <summary>The new content, gathered so far.</summary>
    protected List<TItem> Items { get; } = new List<TItem>();

    /// <summary>The rows refused so far.</summary>
    protected int InvalidRows => _invalidRows;

    /// <summary>The map or ACL, as the user named it.</summary>
    protected abstract string ListName { get; }

    /// <summary>"Map" or "ACL".</summary>
    protected abstract string Noun { get; }

    /// <summary>"entries" or "patterns".</summary>
    protected abstract string ItemNoun { get; }

    /// <summary>When content was given both on the command line and through the pipeline: the parameter and the
    /// refusal; null otherwise. Only command-line parameters are bound when this is asked.</summary>
    protected abstract (string Parameter, string Message)? MixedSources();

    /// <summary>Adds the current record's content to <see cref="Items"/>, or refuses it with <see cref="RejectRow"/>.</summary>
    protected abstract void CollectRecord();

    /// <summary>The differences between the live content and <see cref="Items"/>: each as the object Compare- writes,
    /// with its -WhatIf line (target: the map or ACL and the key or pattern; action) and its kind.</summary>
    protected abstract List<(HaproxyObject Item, string Target, string Action, HaproxyChange Kind)> Differences(HaproxySession session);

    /// <summary>How many differences -WhatIf lists one by one; beyond it, a line says how many more there are.</summary>
    private const int ListedDifferences = 50;

    /// <summary>-WhatIf: a summary line (so many to add, change, remove), then the differences one per line, at most
    /// <see cref="ListedDifferences"/> of them: 50,000 lines would tell no more.</summary>
    private void WriteDiff(HaproxySession session)
    {
        var diff = Differences(session);
        int Count(HaproxyChange kind) => diff.FindAll(d => d.Kind == kind).Count;
        ShouldProcess(ListName, $"Replace the content: {Count(HaproxyChange.Add)} to add, {Count(HaproxyChange.Change)} to change, {Count(HaproxyChange.Remove)} to remove ({Items.Count} {ItemNoun} after)");
        for (int i = 0; i < diff.Count && i < ListedDifferences; i++) ShouldProcess(diff[i].Target, diff[i].Action);
        if (diff.Count > ListedDifferences) ShouldProcess(ListName, $"... and {diff.Count - ListedDifferences} more differences, not listed");
    }

    /// <summary>The atomic replacement of the content with <see cref="Items"/>.</summary>
    protected abstract AtomicReplace.Result Replace(HaproxySession session, Action<CliRequest>? sending);

    /// <summary>The first phase of a replacement over several sessions: <see cref="Items"/> loaded into a new version,
    /// not committed (see <see cref="AtomicReplace.StageMap"/>).</summary>
    protected abstract AtomicReplace.Result Stage(HaproxySession session, Action<CliRequest>? sending);

    /// <summary>The request listing every map or ACL (for -PassThru).</summary>
    protected abstract CliRequest<List<TSet>> ListRequest();

    /// <summary>Refuses one input row: reported at once; at the end nothing is replaced.</summary>
    protected void RejectRow(string parameter, string message, object? target)
    {
        _invalidRows++;
        WriteError(ErrorRecordFactory.From(new HaproxyArgumentException(parameter, message), target));
    }

    protected override void BeginProcessing()
    {
        // Content from both sources would be ambiguous (the command-line one would be taken once per piped record).
        if (MyInvocation.ExpectingInput && MixedSources() is { } mixed)
        {
            ThrowTerminatingError(ErrorRecordFactory.From(new HaproxyArgumentException(mixed.Parameter, mixed.Message), ListName));
        }
        base.BeginProcessing();
    }

    protected override void ProcessRecord()
    {
        CollectRecord();
        base.ProcessRecord();
    }

    /// <summary>Records only gather content and sessions; the work is done at the end.</summary>
    protected override bool ProcessesSessionsInParallel => false;

    protected override void ProcessRecordWithSession(HaproxySession session) => _sessions.Add(session);

    protected override void EndProcessing()
    {
        if (_invalidRows > 0)
        {
            // All or nothing: a partial table would silently drop entries. Each bad row was already reported.
            WriteVerbose($"{_invalidRows} invalid input row(s): {ListName} was not {Outcome}.");
            return;
        }
        if (!Compares && _sessions.Count > 1 && !MyInvocation.BoundParameters.ContainsKey("WhatIf"))
        {
            ReplaceEverywhere();
            return;
        }
        foreach (var session in _sessions)
        {
            Guarded(() => { if (Compares) CompareOn(session); else ReplaceOn(session); }, ListName);
        }
    }

    /// <summary>Several sessions (nodes): two phases, so the nodes never route differently for long and a failure
    /// splits nothing. Every node loads the new version first; only when all loaded is it committed on each, one right
    /// after the other; if any failed, the loaded versions are dropped everywhere and every live table is untouched.</summary>
    private void ReplaceEverywhere()
    {
        string verb = Noun.ToLowerInvariant();
        var staged = new List<(HaproxySession Session, AtomicReplace.Result Result)>();
        var failed = new List<HaproxySession>();
        try
        {
            StageEverywhere(staged, failed, verb);
        }
        catch (Exception)
        {
            // Ctrl+C (or anything that ends the cmdlet) while loading: nothing was committed, and nothing loaded stays
            // behind.
            foreach (var (session, result) in staged) AtomicReplace.Drop(session, result);
            throw;
        }
        CommitEverywhere(staged, failed);
    }

    private void StageEverywhere(List<(HaproxySession Session, AtomicReplace.Result Result)> staged, List<HaproxySession> failed, string verb)
    {
        // Every node loads at once (-ThrottleLimit at a time); a node's failure is its own error, and fails the swap.
        ForEachSession(new List<HaproxySession>(_sessions), session =>
        {
            if (!ShouldProcess(ListName, $"Replace the content atomically with {Items.Count} {ItemNoun}, committed on every node only once all loaded (prepare {verb}; add {verb} @<ver> ...; commit {verb})")) return;
            var progress = new ProgressRecord(3, MyInvocation.MyCommand.Name, $"Loading {Items.Count} {ItemNoun} into a new version of {ListName}");
            WriteProgress(progress);
            AtomicReplace.Result? result = null;
            try
            {
                result = Stage(session, VerboseSending(session));
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
                lock (staged)
                {
                    if (result is null) failed.Add(session);
                    else staged.Add((session, result));
                }
            }
        });
    }

    private void CommitEverywhere(List<(HaproxySession Session, AtomicReplace.Result Result)> staged, List<HaproxySession> failed)
    {
        if (failed.Count > 0)
        {
            foreach (var (session, result) in staged)
            {
                CurrentSession = session;
                AtomicReplace.Drop(session, result, VerboseSending(session));
                WriteError(Describe(new HaproxyException(
                    $"{ListName} was not replaced on {session.Name}: its new version loaded, but {string.Join(", ", failed.ConvertAll(f => f.Name))} failed to load, so no node committed (the live content is unchanged everywhere).",
                    HaproxyErrorKind.InvalidOperation), ListName, session));
            }
            return;
        }
        // The commits go out at once, one thread per node: the nodes route differently only for the skew between them.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var committedAt = new List<TimeSpan>();
        var byNode = new Dictionary<HaproxySession, AtomicReplace.Result>();
        foreach (var (session, result) in staged) byNode[session] = result;
        ForEachSession(staged.ConvertAll(s => s.Session), session =>
        {
            var result = byNode[session];
            AtomicReplace.Commit(session, result, CancelToken, VerboseSending(session));
            lock (committedAt) committedAt.Add(clock.Elapsed);
            WriteVerbose($"[{session.Name}] committed version {result.Version} of {ListName} ({result.EntryCount} {ItemNoun})");
        });
        TimeSpan? skew = null;
        if (committedAt.Count > 1)
        {
            committedAt.Sort();
            skew = committedAt[committedAt.Count - 1] - committedAt[0];
            WriteVerbose($"Commit skew: {skew.Value.TotalMilliseconds:0.###} ms between the first and the last of {committedAt.Count} commits.");
        }
        if (PassThruWanted)
        {
            ForEachSession(staged.ConvertAll(s => s.Session), session =>
            {
                foreach (var set in ReadChangedList(session, ListRequest(), ListName, Noun))
                {
                    set.CommitSkew = skew;
                    WriteObject(set);
                }
            });
        }
    }

    private void CompareOn(HaproxySession session)
    {
        foreach (var d in Differences(session))
        {
            d.Item.AttachTo(session);
            WriteObject(d.Item);
        }
    }

    private void ReplaceOn(HaproxySession session)
    {
        if (MyInvocation.BoundParameters.ContainsKey("WhatIf")) WriteDiff(session);
        string verb = Noun.ToLowerInvariant();
        if (!ShouldProcess(ListName, $"Replace the content atomically with {Items.Count} {ItemNoun} (prepare {verb}; add {verb} @<ver> ...; commit {verb})")) return;
        var progress = new ProgressRecord(3, MyInvocation.MyCommand.Name, $"Loading {Items.Count} {ItemNoun} into a new version of {ListName}");
        WriteProgress(progress);
        var result = Replace(session, VerboseSending(session));
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
        WriteVerbose($"[{session.Name}] committed version {result.Version} of {ListName} ({result.EntryCount} {ItemNoun})");
        if (PassThruWanted) WriteObject(ReadChangedList(session, ListRequest(), ListName, Noun), enumerateCollection: true);
    }
}
