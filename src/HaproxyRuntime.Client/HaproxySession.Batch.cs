using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Transport;

namespace HaproxyRuntime.Client;

public sealed partial class HaproxySession
{
    /// <summary>Commands are written in chunks of about this many characters while answers are being read.</summary>
    private const int BatchWriteChunk = 32 * 1024;

    /// <summary>
    /// Sends many commands pipelined on the one connection — a writer streams them while the answers are read and
    /// matched in order — and returns one outcome per command. A command HAProxy refuses fails alone; the others
    /// still run. This is what makes 10,000 changes cost one round trip's latency instead of 10,000.
    /// </summary>
    /// <remarks>
    /// If the connection breaks mid-batch, the commands already answered keep their outcomes; a write that may have
    /// reached HAProxy gets <see cref="HaproxyOutcomeUnknownException"/>, and commands never handed to the socket get a
    /// <see cref="HaproxyConnectionException"/> saying they were not sent. Nothing is resent. The timeout applies to
    /// progress: it restarts with every answer, so a long batch is not cut off while HAProxy keeps answering.
    /// </remarks>
    public Task<IReadOnlyList<CliOutcome<T>>> ExecuteManyAsync<T>(IReadOnlyList<CliRequest<T>> commands, CancellationToken cancellationToken = default) =>
        ExecuteManyCoreAsync(commands, false, cancellationToken);

    /// <summary>Synchronous form: the calling thread reads the answers and a dedicated thread writes, both with blocking
    /// socket calls (see <see cref="Execute{T}"/>; an asynchronous operation would also turn the socket non-blocking
    /// for good, slowing every later blocking call on it).</summary>
    public IReadOnlyList<CliOutcome<T>> ExecuteMany<T>(IReadOnlyList<CliRequest<T>> commands, CancellationToken cancellationToken = default) =>
        ExecuteManyCoreAsync(commands, true, cancellationToken).GetAwaiter().GetResult();

    private async Task<IReadOnlyList<CliOutcome<T>>> ExecuteManyCoreAsync<T>(IReadOnlyList<CliRequest<T>> commands, bool synchronous, CancellationToken cancellationToken)
    {
        if (commands is null) throw new ArgumentNullException(nameof(commands));
        foreach (var command in commands)
        {
            EnsureSendable(command);
            // A polled request is sent again and again; a pipeline sends each request once.
            if (command.RepeatFor != null) throw new ArgumentException($"'{command.DisplayLine}' is polled and cannot be pipelined; send it with Execute.", nameof(commands));
            // Its data must follow its line at once; batching packs lines together.
            if (command.Payload != null) throw new ArgumentException($"'{command.DisplayLine}' carries a payload and cannot be pipelined; send it with Execute.", nameof(commands));
        }
        var outcomes = new CliOutcome<T>[commands.Count];
        if (commands.Count == 0) return outcomes;
        ThrowIfClosed();
        await EnterGateAsync(synchronous, cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await GetConnectionAsync(synchronous, cancellationToken).ConfigureAwait(false);
            TimeSpan extra = TimeSpan.Zero;
            foreach (var c in commands) if (c.ExtraReadTime > extra) extra = c.ExtraReadTime;
            TimeSpan limit = CommandTimeout + extra;
            using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutCts.CancelAfter(limit);
            using var abortOnCancel = timeoutCts.Token.Register(() => connection.Abort());
            // Blocking sends and reads keep the socket timeouts the last command left (maybe a shortened deadline):
            // each one may take up to the batch's limit; the timer above bounds the wait for each next answer.
            if (synchronous) connection.SetSocketTimeouts(limit);

            var progress = new BatchWriteProgress();
            var sinceProgress = System.Diagnostics.Stopwatch.StartNew();
            var writeToken = timeoutCts.Token;
            Task writer = synchronous
                ? Task.Factory.StartNew(() => WriteBatchAsync(connection, commands, progress, true, writeToken), CancellationToken.None,
                    TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()
                : WriteBatchAsync(connection, commands, progress, false, writeToken);
            int index = 0;
            try
            {
                for (; index < commands.Count; index++)
                {
                    var command = commands[index];
                    var replies = new CliReply[command.ReplyCount];
                    for (int r = 0; r < replies.Length; r++)
                    {
                        replies[r] = connection.TryTakeEmptyReply()
                            ? CliReply.Empty
                            : await connection.ReadReplyAsync(synchronous, null, timeoutCts.Token).ConfigureAwait(false);
                    }
                    // Progress: restart the clock. Not per answer (resetting a timer 100,000 times is measurable):
                    // at most every 50 ms, which shortens the effective limit by that much at worst.
                    if (sinceProgress.ElapsedMilliseconds >= 50)
                    {
                        timeoutCts.CancelAfter(limit);
                        sinceProgress.Restart();
                    }
                    try
                    {
                        outcomes[index] = new CliOutcome<T>(command, InterpretReplies(command, replies), null);
                    }
                    catch (HaproxyException ex)
                    {
                        outcomes[index] = new CliOutcome<T>(command, default!, ex);
                    }
                }
                await writer.ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportFailure(ex))
            {
                DropConnection(connection);
                try { await writer.ConfigureAwait(false); } catch { /* the reader's failure is the one reported */ }
                if (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException("The batch was cancelled; its connection was closed so the next command starts clean.", ex, cancellationToken);
                }
                Exception cause = timeoutCts.IsCancellationRequested || (synchronous && CliConnection.IsSocketTimeout(ex))
                    ? new HaproxyTimeoutException($"HAProxy stopped answering the batch for {limit.TotalSeconds:0.###} s; the connection was closed.", null, ex)
                    : ex;
                for (int j = index; j < commands.Count; j++)
                {
                    var command = commands[j];
                    HaproxyException error;
                    if (j >= progress.Attempted)
                    {
                        error = new HaproxyConnectionException($"'{command.DisplayText}' was not sent: the connection failed earlier in the batch ({cause.Message}).", cause, command.DisplayLine);
                    }
                    else if (command.IsWrite)
                    {
                        error = new HaproxyOutcomeUnknownException(command.DisplayLine, cause, command.DisplayText);
                    }
                    else
                    {
                        error = new HaproxyConnectionException($"The connection failed before HAProxy answered '{command.DisplayText}': {cause.Message}", cause, command.DisplayLine);
                    }
                    outcomes[j] = new CliOutcome<T>(command, default!, error);
                }
            }
            return outcomes;
        }
        finally
        {
            _gate.Release();
        }
    }


    private sealed class BatchWriteProgress
    {
        /// <summary>Commands [0, Attempted) were handed to the socket, at least partly; the rest were never sent.</summary>
        public volatile int Attempted;
    }

    /// <summary>
    /// Writes the batch as lines of ';'-joined commands, each line under <see cref="MaxLineBytes"/>: HAProxy answers
    /// every ';' segment separately, so framing is unchanged, and packing cuts the per-line parsing cost.
    /// </summary>
    /// <remarks>
    /// A request with a '&lt;&lt;' payload is never batched (see <see cref="Protocol.CliPayload"/>: its data must follow its
    /// line, and its terminator is chosen for it).
    /// </remarks>
    private static async Task WriteBatchAsync<T>(CliConnection connection, IReadOnlyList<CliRequest<T>> commands, BatchWriteProgress progress, bool synchronous, CancellationToken cancellationToken)
    {
        var chunk = new StringBuilder(BatchWriteChunk + MaxLineBytes);
        int lineBytes = 0;
        for (int i = 0; i < commands.Count; i++)
        {
            string line = commands[i].Line;
            int bytes = commands[i].LineByteCount;
            if (lineBytes > 0 && lineBytes + 1 + bytes < MaxLineBytes)
            {
                chunk.Append(';');
                lineBytes += 1 + bytes;
            }
            else
            {
                if (lineBytes > 0) chunk.Append('\n');
                lineBytes = bytes;
            }
            chunk.Append(line);
            if (chunk.Length >= BatchWriteChunk || i == commands.Count - 1)
            {
                chunk.Append('\n');
                lineBytes = 0;
                progress.Attempted = i + 1;
                // A failed write must not abort the connection: answers HAProxy sent before it reset or closed may
                // still wait unread in the socket, and the reader drains them before it too sees the failure (or,
                // at worst, the timeout).
                await connection.SendAsync(chunk.ToString(), synchronous, cancellationToken).ConfigureAwait(false);
                chunk.Clear();
            }
        }
    }
}
