using System;
using System.Collections.Generic;
using System.Management.Automation;
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
public abstract class HaproxyBatchingCmdlet : HaproxySessionCmdlet
{
    /// <summary>Commands queued per session before they are sent; bounds memory for very long pipelines.</summary>
    protected virtual int BatchSize => 1000;

    private readonly Dictionary<HaproxySession, List<QueuedCommand>> _queues = new Dictionary<HaproxySession, List<QueuedCommand>>();

    private sealed class QueuedCommand
    {
        public QueuedCommand(CliCommand<CliDone> command, object? target, object? state)
        {
            Command = command;
            Target = target;
            State = state;
        }

        public CliCommand<CliDone> Command { get; }
        public object? Target { get; }
        public object? State { get; }
    }

    /// <summary>Queues a command; <paramref name="state"/> comes back to <see cref="OnBatchSent"/> when it succeeded.</summary>
    protected void Enqueue(HaproxySession session, CliCommand<CliDone> command, object? target, object? state = null)
    {
        // Checked per record: one oversize command must be that record's error, not the whole batch's.
        HaproxySession.EnsureSendable(command);
        WriteVerbose($"[{session.Name}] {command.Line}");
        if (!_queues.TryGetValue(session, out var queue))
        {
            queue = new List<QueuedCommand>();
            _queues[session] = queue;
        }
        queue.Add(new QueuedCommand(command, target ?? command.Target, state));
        if (queue.Count >= BatchSize) Flush(session);
    }

    /// <summary>Called after each sent batch with the states of the commands that succeeded, in order.</summary>
    protected virtual void OnBatchSent(HaproxySession session, IReadOnlyList<object?> succeeded)
    {
    }

    protected void Flush(HaproxySession session)
    {
        if (!_queues.TryGetValue(session, out var queue) || queue.Count == 0) return;
        var items = queue.ToArray();
        queue.Clear();
        var commands = new CliCommand<CliDone>[items.Length];
        for (int i = 0; i < items.Length; i++) commands[i] = items[i].Command;
        IReadOnlyList<CliOutcome<CliDone>> outcomes;
        try
        {
            outcomes = session.ExecuteMany(commands, CancelToken);
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
                WriteError(ErrorRecordFactory.From(error, items[i].Target));
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
        foreach (var session in new List<HaproxySession>(_queues.Keys))
        {
            try
            {
                Flush(session);
            }
            catch (HaproxyException ex)
            {
                WriteFailure(ex, session);
            }
        }
    }
}
