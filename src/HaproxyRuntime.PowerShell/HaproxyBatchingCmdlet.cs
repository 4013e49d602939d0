using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// Base of the changing cmdlets that take many objects from the pipeline: each record's command is queued (after
/// ShouldProcess, with -Verbose showing its line) and the queue is sent pipelined on the session's connection when it
/// is full and at the end, instead of one blocking round trip per object. Failures are reported per object, with the
/// object as the ErrorRecord's target, and never stop the other objects.
/// </summary>
/// <remarks>
/// A full batch goes out in the background while PowerShell binds the next objects, so the pipeline's own cost and
/// the socket's overlap instead of adding up. At most one batch per session is in flight: before the next one is
/// sent, the previous one's outcomes are written (on the pipeline thread, in order), so errors and -PassThru objects
/// come out in input order and a failed connection is reported before anything more is sent on it.
/// </remarks>
public abstract class HaproxyBatchingCmdlet : HaproxySessionCmdlet
{
    /// <summary>Records only queue commands here; each session's batches go out in the background already, so several
    /// sessions' batches are on the wire at once without a thread per node.</summary>
    protected override bool ProcessesSessionsInParallel => false;

    /// <summary>Commands queued per session before they are sent; bounds memory for very long pipelines.</summary>
    protected virtual int CommandsPerBatch => 1000;

    private readonly Dictionary<HaproxySession, SessionQueue> _queues = new Dictionary<HaproxySession, SessionQueue>();

    /// <summary>The sessions with a batch on the wire, oldest first.</summary>
    private readonly List<HaproxySession> _inFlight = new List<HaproxySession>();

    private sealed class QueuedCommand
    {
        public QueuedCommand(CliRequest<CliDone> command, object? target, object? state)
        {
            Command = command;
            Target = target;
            State = state;
        }

        public CliRequest<CliDone> Command { get; }
        public object? Target { get; }
        public object? State { get; }
    }

    /// <summary>One session's queue: the commands not sent yet, and the batch on the wire.</summary>
    private sealed class SessionQueue
    {
        public List<QueuedCommand> Pending = new List<QueuedCommand>();
        public QueuedCommand[]? InFlightItems;
        public Task<IReadOnlyList<CliOutcome<CliDone>>>? InFlight;
    }

    /// <summary>Queues a command; <paramref name="state"/> comes back to <see cref="OnBatchSent"/> when it succeeded.</summary>
    protected void Enqueue(HaproxySession session, CliRequest<CliDone> command, object? target, object? state = null)
    {
        // Checked per record: one oversize command must be that record's error, not the whole batch's.
        session.EnsureSendable(command);
        WriteCliLine(session.Name, command);
        if (!_queues.TryGetValue(session, out var queue))
        {
            queue = new SessionQueue();
            _queues[session] = queue;
        }
        queue.Pending.Add(new QueuedCommand(command, target ?? command.Target, state));
        if (queue.Pending.Count >= CommandsPerBatch) Send(session, queue);
    }

    private long _counted;

    /// <summary>Counts one more queued input of a bulk load for its progress bar (activity 2): a status every 10,000
    /// ("<c>N</c> <paramref name="what"/>"), taken down at the end.</summary>
    protected void CountForProgress(string what)
    {
        if (++_counted % 10_000 == 0) WriteProgress(new ProgressRecord(2, MyInvocation.MyCommand.Name, $"{_counted} {what}"));
    }

    /// <summary>Called after each sent batch with the states of the commands that succeeded, in order.</summary>
    protected virtual void OnBatchSent(HaproxySession session, IReadOnlyList<object?> succeeded)
    {
    }

    /// <summary>Sends everything queued for the session and reports all of it before returning.</summary>
    protected void Flush(HaproxySession session)
    {
        if (!_queues.TryGetValue(session, out var queue)) return;
        Send(session, queue);
        Collect(session, queue);
    }

    /// <summary>Reports the batch in flight (waiting for it if needed), then puts the pending commands on the wire
    /// without waiting for their answers.</summary>
    private void Send(HaproxySession session, SessionQueue queue)
    {
        Collect(session, queue);
        if (queue.Pending.Count == 0) return;
        // -ThrottleLimit bounds how many sessions (nodes) have a batch on the wire at once: the oldest is reported first.
        while (_inFlight.Count >= ThrottleLimit)
        {
            var oldest = _inFlight[0];
            var previous = CurrentSession;
            CurrentSession = oldest;
            Collect(oldest, _queues[oldest]);
            CurrentSession = previous;
        }
        _inFlight.Add(session);
        var items = queue.Pending.ToArray();
        queue.Pending.Clear();
        var commands = new CliRequest<CliDone>[items.Length];
        for (int i = 0; i < items.Length; i++) commands[i] = items[i].Command;
        queue.InFlightItems = items;
        var token = CancelToken;
        // A thread of its own, blocking in the socket calls (as the session's synchronous API does): the batch
        // runs for a while, and must not hold a thread-pool thread meanwhile.
        queue.InFlight = Task.Factory.StartNew(() => session.ExecuteMany(commands, token), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Waits for the batch in flight, if any, and writes its failures and successes.</summary>
    private void Collect(HaproxySession session, SessionQueue queue)
    {
        if (queue.InFlight is null) return;
        _inFlight.Remove(session);
        var task = queue.InFlight;
        var items = queue.InFlightItems!;
        queue.InFlight = null;
        queue.InFlightItems = null;
        IReadOnlyList<CliOutcome<CliDone>> outcomes;
        try
        {
            outcomes = task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        var succeeded = new List<object?>(items.Length);
        for (int i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].Error is HaproxyException error)
            {
                WriteError(Describe(error, items[i].Target, session));
            }
            else
            {
                succeeded.Add(items[i].State);
            }
        }
        OnBatchSent(session, succeeded);
    }

    protected override void EndProcessing()
    {
        // Every session's last batch goes on the wire before any is waited for: over several nodes the ends overlap.
        var sessions = new List<HaproxySession>(_queues.Keys);
        foreach (var session in sessions)
        {
            CurrentSession = session;
            Guarded(() => Send(session, _queues[session]), session);
        }
        foreach (var session in sessions)
        {
            CurrentSession = session;
            Guarded(() => Collect(session, _queues[session]), session);
        }
        if (_counted >= 10_000) WriteProgress(new ProgressRecord(2, MyInvocation.MyCommand.Name, "Done") { RecordType = ProgressRecordType.Completed });
    }

    /// <summary>A stopped pipeline never reaches EndProcessing: wait (briefly — the stop cancelled them) for batches
    /// still on the wire, so none outlives the cmdlet and its cancellation source.</summary>
    protected override void OnDisposing()
    {
        foreach (var queue in _queues.Values)
        {
            try { queue.InFlight?.Wait(TimeSpan.FromSeconds(5)); } catch { /* its outcome is no longer anyone's to report */ }
        }
    }
}
