using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Capabilities;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// Base of every cmdlet that talks to HAProxy: resolves the session(s) — explicit -Session (also bound from piped
/// objects' Session property), else the runspace's default set, else a terminating NoHaproxySession error — and calls
/// <see cref="ProcessRecordWithSession"/> once per session: on several sessions (nodes) in parallel, at most
/// -ThrottleLimit at a time, each node's output written as it answers, its failures non-terminating and tagged with it.
/// </summary>
public abstract class HaproxySessionCmdlet : HaproxyCmdlet
{
    /// <summary>The session(s) to use: a session, its Id or its Name. Objects read from HAProxy carry their session,
    /// so piping them binds it.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SessionTransformation]
    public HaproxySession[]? Session { get; set; }

    /// <summary>On a session connected to a master CLI, the worker to run on: its relative number (1, the current
    /// worker, is the default) or '!' and its PID (an old worker), as Get-HaproxyProcess lists them in its Worker
    /// property. Objects read this way carry the routed session ('&lt;session&gt;@&lt;worker&gt;'), so piping them
    /// on reaches the same process.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Worker { get; set; }

    /// <summary>How many sessions (nodes) are worked on at once when several are given: 32 by default, as for
    /// Invoke-Command, so a fleet of up to 32 nodes runs in one wave.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

    /// <summary>The default of <see cref="ThrottleLimit"/>.</summary>
    public const int DefaultThrottleLimit = 32;

    /// <summary>False for the master's own commands, which read <see cref="Worker"/> themselves instead of being sent to it.</summary>
    protected virtual bool RoutesToWorker => true;

    /// <summary>False where <see cref="ProcessRecordWithSession"/> only queues work that its own machinery sends per
    /// session in the background (the batching cmdlets) or gathers it for the end (the replacements): their records are
    /// then processed on the pipeline thread, one session after the other.</summary>
    protected virtual bool ProcessesSessionsInParallel => true;

    /// <summary>The sessions this invocation has worked with so far.</summary>
    private readonly HashSet<HaproxySession> _seen = new HashSet<HaproxySession>();

    /// <summary>The target of the command being run, used as the ErrorRecord's target when it fails; per thread, since
    /// each node of a fan-out runs on its own.</summary>
    private readonly ThreadLocal<object?> _currentTarget = new ThreadLocal<object?>();

    /// <summary>The session the current record is processed with, per thread.</summary>
    private readonly ThreadLocal<HaproxySession?> _currentSession = new ThreadLocal<HaproxySession?>();

    /// <summary>The session the calling thread works with (null before the first).</summary>
    protected HaproxySession? CurrentSession
    {
        get => _currentSession.Value;
        set => _currentSession.Value = value;
    }

    protected override void ProcessRecord()
    {
        var sessions = new List<HaproxySession>();
        foreach (var resolved in ResolveSessions())
        {
            var session = resolved;
            if (Worker != null && RoutesToWorker)
            {
                HaproxySession? routed = null;
                Guarded(() => routed = resolved.Route(Worker), Worker);
                if (routed is null) continue;
                session = routed;
            }
            sessions.Add(session);
        }
        // Several nodes in this invocation, on one record or across piped records (objects read from a fleet).
        foreach (var session in sessions) _seen.Add(session);
        if (_seen.Count > 1) IsFleet = true;
        if (RollingBatchSize is int batchSize) RollOver(sessions, batchSize, ProcessRecordWithSession);
        else ForEachSession(sessions, ProcessRecordWithSession, ProcessesSessionsInParallel);
    }

    /// <summary>The progress activity of a roll: one bar for the whole fleet, never a node's.</summary>
    private const int RollActivity = 5;

    /// <summary>The -BatchSize of a -Rolling change (the drains and removals that take capacity out); null otherwise.</summary>
    protected virtual int? RollingBatchSize => null;

    /// <summary>
    /// A rolling change: the sessions (nodes) in batches of <paramref name="batchSize"/>, each batch in parallel and
    /// done — every node's work ended, waits included — before the next starts, so at most that many nodes are changing
    /// at any time. A node that fails stops the roll: the next batches are not started (each of their nodes gets an
    /// error saying so), since going on would take out more than the operator allowed while one node is in doubt.
    /// </summary>
    protected void RollOver(IReadOnlyList<HaproxySession> sessions, int batchSize, Action<HaproxySession> work)
    {
        int batches = (sessions.Count + batchSize - 1) / batchSize;
        var progress = new ProgressRecord(RollActivity, $"{MyInvocation.MyCommand.Name} -Rolling", "Starting");
        try
        {
            for (int b = 0; b < batches; b++)
            {
                var batch = sessions.Skip(b * batchSize).Take(batchSize).ToList();
                if (batches > 1)
                {
                    progress.StatusDescription = $"Batch {b + 1} of {batches}: {string.Join(", ", batch.Select(s => s.Name))}";
                    progress.PercentComplete = b * 100 / batches;
                    WriteProgress(progress);
                    WriteVerbose($"Rolling: batch {b + 1} of {batches} ({string.Join(", ", batch.Select(s => s.Name))})");
                }
                var failed = new System.Collections.Concurrent.ConcurrentQueue<HaproxySession>();
                ForEachSession(batch, session =>
                {
                    try
                    {
                        work(session);
                    }
                    catch (HaproxyException)
                    {
                        failed.Enqueue(session);
                        throw;
                    }
                });
                if (failed.IsEmpty) continue;
                string failedNames = string.Join(", ", failed.Select(s => s.Name));
                foreach (var untouched in sessions.Skip((b + 1) * batchSize))
                {
                    WriteError(Describe(new HaproxyException(
                        $"Not started on {untouched.Name}: the rolling change stopped after batch {b + 1} of {batches}, where {failedNames} failed. Nothing was sent to this node; once the failure is dealt with, run the command again for the nodes not done.",
                        HaproxyErrorKind.InvalidOperation), untouched.Name, untouched));
                }
                return;
            }
        }
        finally
        {
            if (batches > 1)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
        }
    }

    /// <summary>The refusal of -Rolling without -Drain, for the removals that roll their -Drain plan.</summary>
    protected static readonly (string Parameter, string Message) RollingNeedsDrain =
        ("Rolling", "-Rolling paces the safe removal node by node: give -Drain as well (without it nothing waits, so there is nothing to pace).");

    /// <summary>
    /// The -Rolling options, checked in BeginProcessing: one terminating error before anything is sent (not one per
    /// node). -BatchSize without -Rolling is refused rather than ignored; <paramref name="refusal"/> is the cmdlet's own
    /// (the parameter and why), or null when its options are consistent.
    /// </summary>
    protected void CheckRollingOptions(bool rolling, (string Parameter, string Message)? refusal)
    {
        if (!rolling && MyInvocation.BoundParameters.ContainsKey("BatchSize"))
        {
            refusal = ("BatchSize", "-BatchSize is how many nodes a -Rolling change works on at once: give -Rolling as well.");
        }
        if (refusal is { } r)
        {
            ThrowTerminatingError(ErrorRecordFactory.From(new HaproxyArgumentException(r.Parameter, r.Message), r.Parameter, MyInvocation.MyCommand.Name));
        }
    }

    /// <summary>Runs <paramref name="work"/> for each session, guarded (a failure is that session's error): in parallel
    /// up to -ThrottleLimit when <paramref name="parallel"/>, else one after the other on the pipeline thread.</summary>
    protected void ForEachSession(IReadOnlyList<HaproxySession> sessions, Action<HaproxySession> work, bool parallel = true)
    {
        if (sessions.Count > 1) IsFleet = true;
        void One(HaproxySession session)
        {
            CurrentSession = session;
            Guarded(() => work(session));
        }
        if (parallel)
        {
            RunInParallel(sessions, ThrottleLimit, One);
            return;
        }
        foreach (var session in sessions) One(session);
    }

    /// <summary>Each node's number among this invocation's nodes, from 1, for its progress bars.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<HaproxySession, int> _nodeNumbers =
        new System.Collections.Concurrent.ConcurrentDictionary<HaproxySession, int>();

    /// <summary>Over several nodes each node's progress is a bar of its own ("[node] activity"): the same activity of
    /// five nodes running at once would otherwise overwrite one bar.</summary>
    protected override ProgressRecord TagProgress(ProgressRecord progressRecord)
    {
        if (!IsFleet || progressRecord.ActivityId == RollActivity || CurrentSession is not { } session) return progressRecord;
        int node = _nodeNumbers.GetOrAdd(session, _ => _nodeNumbers.Count + 1);
        return new ProgressRecord(progressRecord.ActivityId * 1000 + node, $"[{session.Name}] {progressRecord.Activity}", progressRecord.StatusDescription)
        {
            PercentComplete = progressRecord.PercentComplete,
            SecondsRemaining = progressRecord.SecondsRemaining,
            CurrentOperation = progressRecord.CurrentOperation,
            RecordType = progressRecord.RecordType,
        };
    }

    /// <summary>Writes values that are not HAProxy objects (answer lines, a -Quiet boolean): over several nodes each
    /// carries a Session note property naming its node, as remoting's PSComputerName does; with one node, as they are.
    /// The values of one call are written together.</summary>
    protected void WriteValues<T>(IReadOnlyList<T> values, HaproxySession session)
    {
        if (!IsFleet)
        {
            WriteObject(values, enumerateCollection: true);
            return;
        }
        var tagged = new List<PSObject>(values.Count);
        foreach (var value in values)
        {
            var item = new PSObject(value);
            item.Properties.Add(new PSNoteProperty("Session", session.Name));
            tagged.Add(item);
        }
        WriteObject(tagged, enumerateCollection: true);
    }

    /// <summary>Over several nodes, -WhatIf and -Confirm name the node: "[node] target".</summary>
    protected override string TagTarget(string target) =>
        IsFleet && CurrentSession is { } session ? $"[{session.Name}] {target}" : target;

    protected override void OnDisposing()
    {
        _currentTarget.Dispose();
        _currentSession.Dispose();
        base.OnDisposing();
    }

    /// <summary>Runs one unit of work: a client failure becomes its ErrorRecord (against <paramref name="target"/>, or
    /// else the target of the request that failed) and the next unit still runs; Ctrl+C stops the pipeline.</summary>
    protected void Guarded(Action work, object? target = null)
    {
        _currentTarget.Value = null;
        try
        {
            work();
        }
        catch (HaproxyException ex)
        {
            WriteFailure(ex, target ?? _currentTarget.Value);
        }
        catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    protected abstract void ProcessRecordWithSession(HaproxySession session);

    protected override ErrorRecord Describe(Exception exception, object? target) => Describe(exception, target, CurrentSession);

    /// <summary>The factory's ErrorRecord, with "Did you mean 'x'?" after a refusal that names a missing backend,
    /// frontend or server a typo away from an existing one (the names are read once per kind, and backend, per
    /// invocation, and only after such a refusal); over several nodes, the message starts with the node's name.</summary>
    protected ErrorRecord Describe(Exception exception, object? target, HaproxySession? session)
    {
        var record = ErrorRecordFactory.From(exception, target, MyInvocation.MyCommand?.Name);
        string suggestion = session is { IsClosed: false } && exception is HaproxyCommandException { MissingKind: HaproxyObjectKind kind, MissingName: string name } missing
            ? NameSuggestion.For(name, ExistingNames(session, kind, missing.MissingIn))
            : string.Empty;
        string node = IsFleet && session != null ? $"[{session.Name}] " : string.Empty;
        if (suggestion.Length > 0 || node.Length > 0)
        {
            record.ErrorDetails = new ErrorDetails(node + (record.ErrorDetails?.Message ?? exception.Message) + suggestion)
            {
                RecommendedAction = record.ErrorDetails?.RecommendedAction,
            };
        }
        return record;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(HaproxySession, HaproxyObjectKind, string?), IReadOnlyList<string>> _existingNames =
        new System.Collections.Concurrent.ConcurrentDictionary<(HaproxySession, HaproxyObjectKind, string?), IReadOnlyList<string>>();

    private IReadOnlyList<string> ExistingNames(HaproxySession session, HaproxyObjectKind kind, string? backend)
    {
        if (_existingNames.TryGetValue((session, kind, backend), out var known)) return known;
        IReadOnlyList<string> names;
        try
        {
            names = kind switch
            {
                HaproxyObjectKind.Server when backend != null => Invoke(session, HaproxyRequests.GetServers(backend)).Select(s => s.Name).ToList(),
                HaproxyObjectKind.Backend => Invoke(session, HaproxyRequests.GetBackends()).Select(b => b.Name).ToList(),
                HaproxyObjectKind.Frontend => Invoke(session, HaproxyRequests.GetFrontends()).Select(f => f.Name).ToList(),
                HaproxyObjectKind.Proxy => Invoke(session, HaproxyRequests.GetBackends()).Select(b => b.Name)
                    .Concat(Invoke(session, HaproxyRequests.GetFrontends()).Select(f => f.Name)).ToList(),
                _ => Array.Empty<string>(),
            };
        }
        catch (HaproxyException)
        {
            // No suggestion rather than a second error: the refusal itself is what the user needs.
            names = Array.Empty<string>();
        }
        return _existingNames[(session, kind, backend)] = names;
    }

    /// <summary>The sessions of this record: -Session's (closed ones reported), else the runspace's default set.</summary>
    private IEnumerable<HaproxySession> ResolveSessions()
    {
        if (Session is { Length: > 0 })
        {
            foreach (var s in Session)
            {
                if (s.IsClosed)
                {
                    WriteFailure(HaproxyConnectionException.SessionClosed(s.Id, s.Name), s);
                    continue;
                }
                yield return s;
            }
            yield break;
        }
        var fallback = SessionRegistry.Current.Defaults;
        if (fallback.Count == 0)
        {
            ThrowTerminatingError(ErrorRecordFactory.NoSession("No HAProxy session. Run Connect-Haproxy -Endpoint <address> first, or pass -Session."));
        }
        foreach (var session in fallback) yield return session;
    }

    /// <summary>Runs one request: -Verbose shows the exact CLI line, then the call blocks on the pipeline thread
    /// (all Write* calls stay on it) until the answer or a cancellation.</summary>
    protected T Invoke<T>(HaproxySession session, CliRequest<T> command)
    {
        _currentTarget.Value = command.Target;
        // Refused requests (too long, or more than the connected HAProxy has) are never shown as sent.
        session.EnsureSendable(command);
        WriteCliLine(session.Name, command);
        return session.Execute(command, CancelToken);
    }

    /// <summary>The map or ACL a change named, read back for its -PassThru: matched exactly (file name or '#&lt;id&gt;'),
    /// never as a wildcard pattern (see <see cref="WildcardFilter.Exact{T}"/>).</summary>
    protected IEnumerable<T> ReadChangedList<T>(HaproxySession session, CliRequest<List<T>> listCommand, string name, string noun)
        where T : HaproxyPatternSet =>
        WildcardFilter.Exact(WriteError, Invoke(session, listCommand), name, WildcardFilter.PatternSetNames, noun);

    /// <summary>For client calls that send several commands themselves (the atomic replacements): shows each CLI line
    /// as it is handed to the session when verbose output is on; null (nothing to call per command) otherwise.</summary>
    protected Action<CliRequest>? VerboseSending(HaproxySession session) =>
        VerboseEnabled ? command => WriteCliLine(session.Name, command) : null;

    /// <summary>ShouldProcess on the command's target, describing the operation with the exact CLI command text, so
    /// -WhatIf shows what would be sent.</summary>
    protected bool ShouldProcess(CliRequest command) => ShouldProcess(command, command.Target);

    /// <summary><see cref="ShouldProcess(CliRequest)"/> naming the target as the user knows it (an entry by its key
    /// rather than only by its '#0x…' reference).</summary>
    protected bool ShouldProcess(CliRequest command, string target)
    {
        // A request the session would refuse (more than its HAProxy has) is refused before -WhatIf or a prompt offers it.
        CurrentSession?.EnsureSendable(command);
        return ShouldProcessIsTrivial || ShouldProcess(target, $"{command.Action} ('{command.DisplayText}')");
    }

    /// <summary>Runs a client operation (several requests, see HaproxyRuntime.Client.Operations) on the pipeline
    /// thread: -Verbose shows each CLI line it sends, and its failure is reported against <paramref name="target"/>.</summary>
    protected T RunOperation<T>(HaproxySession session, object? target, Func<Action<CliRequest>?, T> operation)
    {
        _currentTarget.Value = target;
        return operation(VerboseSending(session));
    }

    /// <summary><see cref="RunOperation{T}"/> for operations without a result.</summary>
    protected void RunOperation(HaproxySession session, object? target, Action<Action<CliRequest>?> operation)
    {
        _currentTarget.Value = target;
        operation(VerboseSending(session));
    }

    /// <summary>
    /// The -Drain removals: ShouldProcess describes the whole plan (<paramref name="description"/>), then its steps run
    /// in order with a progress bar, stopping at the first failure (the exception says which step failed; the steps
    /// before it stay done).
    /// </summary>
    /// <summary>-Force and -Timeout of the -Drain removals say how -Drain waits for the remaining streams. Without
    /// -Drain nothing waits, so they are refused rather than ignored.</summary>
    protected void RefuseWaitOptionsWithoutDrain(bool force)
    {
        if (force)
        {
            throw new HaproxyArgumentException("Force", "-Force closes the remaining streams during -Drain instead of waiting for them: give -Drain as well. Without -Drain nothing is waited for, and HAProxy refuses to delete what still has streams.");
        }
        if (MyInvocation.BoundParameters.ContainsKey("Timeout"))
        {
            throw new HaproxyArgumentException("Timeout", "-Timeout is how long -Drain waits for the remaining streams: give -Drain as well. Without -Drain nothing is waited for.");
        }
    }

    /// <summary>A wait HAProxy (or the poll standing in for it) does: sent with a progress bar (activity 1) saying what
    /// is waited for and how long at most, taken down when it ends either way.</summary>
    protected void InvokeWait(HaproxySession session, CliRequest<CliDone> command, TimeSpan timeout, string until)
    {
        var progress = new ProgressRecord(1, MyInvocation.MyCommand.Name, $"Waiting up to {timeout.TotalSeconds:0.###} s for {command.Target} to {until}");
        WriteProgress(progress);
        try
        {
            Invoke(session, command);
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    /// <summary>A plan's steps as one text for ShouldProcess (-WhatIf), with the pauses between them.</summary>
    protected static string PlanText(IEnumerable<CliRequest<CliDone>> steps) =>
        string.Join("; ", steps.Select(s => s.PauseAfter > TimeSpan.Zero ? $"{s.Text}; (drain for {HaproxyDuration.ToCli(s.PauseAfter)})" : s.Text));

    /// <returns>False when ShouldProcess declined (-WhatIf, a "no" at the prompt): nothing ran.</returns>
    protected bool RunRemovalPlan(HaproxySession session, string noun, string target, string description, IReadOnlyList<CliRequest<CliDone>> steps)
    {
        if (!ShouldProcess(target, description)) return false;
        var progress = new ProgressRecord(4, $"Removing {noun} {target}", "Starting");
        try
        {
            SafeRemoval.Run(session, steps, (i, step) =>
            {
                // A failed step is the failure of the removal the user asked for, reported against its object.
                _currentTarget.Value = target;
                progress.StatusDescription = step.Text;
                progress.PercentComplete = i * 100 / steps.Count;
                WriteProgress(progress);
                WriteCliLine(session.Name, step);
            }, CancelToken);
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
        return true;
    }

    /// <summary>
    /// After a change that can take servers out of service: a warning for each of <paramref name="backends"/> that is
    /// still published with no server left to take its requests, which then fail (503) — the step of a back-out that
    /// loses requests. A warning, not a refusal: emptying a backend can be what the operator wants (an emergency stop,
    /// a maintenance window), and the change is made either way; -WarningAction Stop turns it into a stop.
    /// </summary>
    protected void WarnWhereRequestsFail(HaproxySession session, IEnumerable<string> backends)
    {
        foreach (var backend in BackendsFailingRequests(session, backends.Distinct(StringComparer.Ordinal).ToList()))
        {
            string safe = HaproxyCapabilities.Supports(session.VersionNumber, HaproxyFeature.DynamicBackends)
                ? "until it is unpublished or a server is back in service. To take a backend out without failing requests, unpublish it first (Unpublish-HaproxyBackend), or remove it with Remove-HaproxyBackend -Drain, which unpublishes it first."
                : "until a server is back in service. To take a backend out without failing requests, route its traffic elsewhere first (the map entries or rules that select it).";
            WriteWarning($"Backend '{backend}' is still published and has no server in service: requests routed to it fail (503) {safe}");
        }
    }

    /// <summary>The backends left published without a server taking requests: one read each for a few, one read of
    /// every backend's row for many. A backend gone meanwhile is left out: nothing routes to it.</summary>
    private List<string> BackendsFailingRequests(HaproxySession session, List<string> backends)
    {
        if (backends.Count > HaproxyRequests.BackendServicesReadOneByOne) return Invoke(session, HaproxyRequests.GetBackendsFailingRequests(backends));
        var failing = new List<string>();
        foreach (var backend in backends)
        {
            try
            {
                if (Invoke(session, HaproxyRequests.GetBackendService(backend)).FailsRequests) failing.Add(backend);
            }
            catch (HaproxyCommandException ex) when (ex.Kind == HaproxyErrorKind.NotFound)
            {
            }
        }
        return failing;
    }

    /// <summary>Servers of one backend (or all, when null): see <see cref="ServerReader"/>.</summary>
    protected List<HaproxyServer> ReadServers(HaproxySession session, string? backend) =>
        RunOperation(session, backend, sending => ServerReader.Read(session, backend, CancelToken, sending));

    /// <summary>Re-reads one server (for -PassThru), or reports it missing.</summary>
    protected HaproxyServer? ReadServer(HaproxySession session, string backend, string name) =>
        FoundAfterChange(ReadServers(session, backend).FirstOrDefault(s => s.Name == name), "Server", $"{backend}/{name}");

    /// <summary>Re-reads one backend (for -PassThru), or reports it missing.</summary>
    protected HaproxyBackend? ReadBackend(HaproxySession session, string name) =>
        ReadOne(session, HaproxyRequests.GetBackends(), b => b.Name, name, "Backend");

    /// <summary>Writes the entries whose key is one of <paramref name="keys"/> (all when null), compared exactly as
    /// HAProxy stores them; a key without an entry is an ObjectNotFound error.</summary>
    protected void WriteSelectedEntries<T>(IReadOnlyList<T> entries, string[]? keys, Func<T, string> keyOf, Func<string, string> notFoundMessage)
    {
        if (keys is null)
        {
            WriteObject(entries, enumerateCollection: true);
            return;
        }
        foreach (var key in keys)
        {
            var matches = entries.Where(e => keyOf(e) == key).ToList();
            if (matches.Count == 0) WriteError(ErrorRecordFactory.NotFound(notFoundMessage(key), key));
            WriteObject(matches, enumerateCollection: true);
        }
    }

    /// <summary>The stick tables of each session, read once per invocation: what a key is checked against.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<HaproxySession, List<HaproxyStickTable>> _stickTables =
        new System.Collections.Concurrent.ConcurrentDictionary<HaproxySession, List<HaproxyStickTable>>();

    /// <summary>The stick table named <paramref name="table"/> (its key type says how a key must read), from one
    /// <c>show table</c> per session and invocation however many objects are piped; a table HAProxy does not have is an
    /// ObjectNotFound failure (with the closest name when it is a typo away).</summary>
    protected HaproxyStickTable ReadStickTable(HaproxySession session, string table)
    {
        // A name no command could carry is the argument's refusal, as in every request, not "no such table".
        CliArgument.CheckSendable(table, "Table");
        if (!_stickTables.TryGetValue(session, out var tables))
        {
            tables = Invoke(session, HaproxyRequests.GetStickTables());
            _stickTables[session] = tables;
        }
        var found = tables.FirstOrDefault(t => string.Equals(t.Name, table, StringComparison.Ordinal));
        if (found != null) return found;
        _currentTarget.Value = table;
        throw new HaproxyException($"Stick table '{table}' does not exist.{NameSuggestion.For(table, tables.Select(t => t.Name))}", HaproxyErrorKind.NotFound, "show table");
    }

    /// <summary>Re-reads one object of a listed kind by its exact name (for -PassThru), or reports it missing.</summary>
    protected T? ReadOne<T>(HaproxySession session, CliRequest<List<T>> list, Func<T, string> nameOf, string name, string noun) where T : class =>
        FoundAfterChange(Invoke(session, list).FirstOrDefault(item => nameOf(item) == name), noun, name);

    private T? FoundAfterChange<T>(T? found, string noun, string name) where T : class
    {
        if (found is null) WriteError(ErrorRecordFactory.NotFoundAfterChange(noun, name));
        return found;
    }
}
