using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Transport;

namespace HaproxyRuntime.Client;

/// <summary>
/// A connection to one HAProxy Runtime API socket that survives idle closes: commands are serialised over one
/// persistent interactive connection, which is reopened transparently when HAProxy closed it while idle.
/// </summary>
/// <remarks>
/// Thread safety: any number of threads may call <see cref="ExecuteAsync{T}"/>; a per-session gate lets one request
/// (its write and all of its answers) use the connection at a time, so every answer is matched to its own command.
/// Reconnection rules: a read-only command whose connection broke before any answer byte arrived is retried once on a
/// fresh connection; a write is never resent once its bytes may have left, and fails with
/// <see cref="HaproxyOutcomeUnknownException"/> instead.
/// </remarks>
public sealed partial class HaproxySession : IDisposable
{
    /// <summary>HAProxy closes the connection on a line longer than tune.bufsize (16384 by default) without a terminator,
    /// so longer lines are refused before they are sent.</summary>
    public const int MaxLineBytes = 16000;

    private static int s_nextId;
    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
    private CliConnection? _connection;
    private readonly TlsSettings _tls;
    private volatile bool _closed;

    private HaproxySession(HaproxyEndpoint endpoint, HaproxySessionOptions options)
    {
        Id = options.Id ?? Interlocked.Increment(ref s_nextId);
        Endpoint = endpoint;
        ConnectTimeout = options.ConnectTimeout;
        CommandTimeout = options.CommandTimeout;
        RevalidateAfterIdle = options.RevalidateAfterIdle;
        _tls = new TlsSettings(options.SkipCertificateCheck, options.CertificateAuthority, options.ClientCertificate);
        Name = string.IsNullOrEmpty(options.Name) ? endpoint.ToString() : options.Name!;
        LoweredTo = options.Level;
    }

    /// <summary>The level every connection lowers itself to (<see cref="HaproxySessionOptions.Level"/>), or null.</summary>
    public string? LoweredTo { get; }

    /// <summary>The command that lowers a connection's level, as the first thing after the prompt, or nothing.</summary>
    private string LoweringLine => LoweredTo is null ? string.Empty : LoweredTo + "\n";

    /// <summary>Checks the answer to <see cref="LoweringLine"/>: nothing, or HAProxy refusing a level above the socket's.</summary>
    private void CheckLowered(CliReply answer)
    {
        if (answer.IsEmpty) return;
        throw new HaproxyCommandException(
            $"{Endpoint} refused to lower the session to level '{LoweredTo}': {Shorten(answer.Raw)}. A session can only go below its socket's level.",
            HaproxyErrorKind.PermissionDenied, LoweredTo!, answer.Raw);
    }

    /// <summary>The number that tells sessions apart: the caller's (<see cref="HaproxySessionOptions.Id"/>), else
    /// process-wide unique.</summary>
    public int Id { get; }

    public string Name { get; }

    public HaproxyEndpoint Endpoint { get; }

    public TimeSpan ConnectTimeout { get; }

    public TimeSpan CommandTimeout { get; }

    /// <summary>See <see cref="HaproxySessionOptions.RevalidateAfterIdle"/>.</summary>
    public TimeSpan RevalidateAfterIdle { get; }

    /// <summary>How many times the idle check found the connection on a stopping (reloaded) worker and moved it.</summary>
    public int ReloadsDetected { get; private set; }

    /// <summary>HAProxy's version as reported by the worker at the last (re)connection, e.g. "3.4.7-1".</summary>
    public string? Version { get; private set; }

    /// <summary><see cref="Version"/> as a comparable number (major.minor.patch), learned at every (re)connection:
    /// what the session checks commands against (see HaproxyCapabilities). Null before the first connection.</summary>
    public Version? VersionNumber { get; private set; }

    /// <summary>The worker's PID at the last (re)connection: a change means HAProxy was reloaded or restarted.</summary>
    public int? ProcessId { get; private set; }

    /// <summary>HAProxy's node name (global <c>node</c>, default the host name).</summary>
    public string? Node { get; private set; }

    /// <summary>The socket's permission level ("admin", "operator" or "user", from <c>show cli level</c>): admin
    /// cmdlets on a lower level fail with PermissionDenied, and the error names the level.</summary>
    public string? Level { get; private set; }

    /// <summary>When the current connection was opened.</summary>
    public DateTimeOffset? ConnectedAt { get; private set; }

    /// <summary>How many times the connection was reopened after HAProxy closed it.</summary>
    public int Reconnects { get; private set; }

    /// <summary>True when a live connection is held (it may still be closed by HAProxy while idle).</summary>
    public bool IsConnected => !_closed && _connection is { IsBroken: false };

    /// <summary>True after <see cref="Dispose"/>: the session cannot be used again.</summary>
    public bool IsClosed => _closed;

    /// <summary>Opens a session and performs the handshake, so a wrong endpoint fails here and not on first use.</summary>
    public static Task<HaproxySession> ConnectAsync(HaproxyEndpoint endpoint, HaproxySessionOptions? options = null, CancellationToken cancellationToken = default) =>
        ConnectCoreAsync(endpoint, options, false, cancellationToken);

    /// <summary>Synchronous form: the handshake uses blocking socket calls on the calling thread, so the socket stays
    /// in blocking mode for the fast synchronous <see cref="Execute{T}"/> path (see CliConnector.OpenAsync).</summary>
    public static HaproxySession Connect(HaproxyEndpoint endpoint, HaproxySessionOptions? options = null, CancellationToken cancellationToken = default) =>
        ConnectCoreAsync(endpoint, options, true, cancellationToken).GetAwaiter().GetResult();

    private static async Task<HaproxySession> ConnectCoreAsync(HaproxyEndpoint endpoint, HaproxySessionOptions? options, bool synchronous, CancellationToken cancellationToken)
    {
        options ??= new HaproxySessionOptions();
        options.Validate();
        var session = new HaproxySession(endpoint, options);
        await session._gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await session.OpenConnectionAsync(synchronous, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            session.Dispose();
            throw;
        }
        finally
        {
            session._gate.Release();
        }
        return session;
    }

    public static HaproxySession Connect(string endpoint, HaproxySessionOptions? options = null) =>
        Connect(HaproxyEndpoint.Parse(endpoint), options);

    /// <summary>Sends the request and interprets its answer. See the type's remarks for the retry rules.</summary>
    public async Task<T> ExecuteAsync<T>(CliRequest<T> command, CancellationToken cancellationToken = default)
    {
        if (command is null) throw new ArgumentNullException(nameof(command));
        EnsureSendable(command);
        return await ExecuteCoreAsync(command, false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> ExecuteCoreAsync<T>(CliRequest<T> command, bool synchronous, CancellationToken cancellationToken)
    {
        if (command.RepeatFor is TimeSpan window) return await RepeatAsync(command, window, synchronous, cancellationToken).ConfigureAwait(false);
        var (replies, parser) = await RoundTripAsync(command, synchronous, cancellationToken).ConfigureAwait(false);
        return InterpretReplies(command, replies, parser);
    }

    /// <summary>A polled request (<see cref="CliRequest.RepeatFor"/>): sent again while its answer says "not yet"
    /// (a Timeout refusal), a little less often each time (50 ms, doubling up to 500 ms), the last check falling on
    /// the deadline; the refusal of that last check is the outcome.</summary>
    private async Task<T> RepeatAsync<T>(CliRequest<T> command, TimeSpan window, bool synchronous, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var interval = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                var (replies, parser) = await RoundTripAsync(command, synchronous, cancellationToken).ConfigureAwait(false);
                return InterpretReplies(command, replies, parser);
            }
            catch (HaproxyCommandException notYet) when (notYet.Kind == HaproxyErrorKind.Timeout)
            {
                var left = window - clock.Elapsed;
                if (left <= TimeSpan.Zero) throw;
                var pause = left < interval ? left : interval;
                // Never under a millisecond: Task.Delay and WaitOne round a shorter pause down to none, and the last
                // fraction of the window then went into a burst of back-to-back checks (9 in 400 ms seen in CI).
                if (pause < TimeSpan.FromMilliseconds(1)) pause = TimeSpan.FromMilliseconds(1);
                if (!synchronous) await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                else if (!cancellationToken.CanBeCanceled) Thread.Sleep(pause);
                else if (cancellationToken.WaitHandle.WaitOne(pause)) cancellationToken.ThrowIfCancellationRequested();
                if (interval < TimeSpan.FromMilliseconds(500)) interval = TimeSpan.FromTicks(interval.Ticks * 2);
            }
        }
    }

    /// <summary>Checks the setup segments' answers (each must be empty), then interprets the command's own answer:
    /// through the streaming parser that already saw its lines, or from the buffered answer.</summary>
    private T InterpretReplies<T>(CliRequest<T> command, CliReply[] replies, IReplyLineParser<T>? parser = null)
    {
        for (int i = 0; i < command.Prelude.Count; i++)
        {
            try
            {
                Answers.HaproxyAnswers.SessionSetting.Judge(replies[i], command);
            }
            catch (HaproxyCommandException failure) when (failure.Kind == HaproxyErrorKind.PermissionDenied && Level != null)
            {
                throw WithLevel(failure, command);
            }
        }
        T result;
        try
        {
            var own = replies[command.Prelude.Count];
            result = own.IsStreamed ? parser!.Complete() : command.Interpret(own);
        }
        catch (HaproxyCommandException ex) when (ex.Kind == HaproxyErrorKind.PermissionDenied && Level != null)
        {
            throw WithLevel(ex, command);
        }
        AttachSession(result, command.ForMaster);
        return result;
    }

    /// <summary>HAProxy only says "Permission denied"; say which level this socket has and what is needed.</summary>
    private HaproxyCommandException WithLevel(HaproxyCommandException ex, CliRequest command) =>
        new HaproxyCommandException(
            $"{ex.Message} This session's socket ({Endpoint}) is at level '{Level}'; '{command.DisplayText}' needs a higher one (changes need 'admin'). Connect to an admin-level stats socket.",
            ex.Kind, ex.CommandLine ?? string.Empty, ex.Response);

    /// <summary>Stamps objects read through this session with it, so they can be piped on without -Session.</summary>
    private void AttachSession<T>(T result, bool fromMaster)
    {
        // The master's own answers did not come from the session's worker.
        int? answeredBy = fromMaster ? null : ProcessId;
        if (result is HaproxyObject single)
        {
            single.AttachTo(this, answeredBy);
        }
        else if (result is IEnumerable<HaproxyObject> many)
        {
            foreach (var item in many) item.AttachTo(this, answeredBy);
        }
    }

    /// <summary>Synchronous form for callers on a pipeline thread: the socket is read on the calling thread, so no
    /// thread-pool hop is paid per command (the async path is there for async callers).</summary>
    public T Execute<T>(CliRequest<T> command, CancellationToken cancellationToken = default)
    {
        if (command is null) throw new ArgumentNullException(nameof(command));
        EnsureSendable(command);
        // With synchronous I/O every await below completes before it returns, except a reconnect's connect.
        return ExecuteCoreAsync(command, true, cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>Refuses (before anything is sent) a command whose line HAProxy would not accept, or that the connected
    /// HAProxy version does not have (<see cref="HaproxyFeatureNotSupportedException"/>).</summary>
    public void EnsureSendable(CliRequest command)
    {
        CheckMasterRouting(command);
        CheckLineLength(command);
        Capabilities.HaproxyCapabilities.EnsureSupported(VersionNumber, Version, command);
        CheckLevel(command);
    }

    /// <summary>Refuses a request that needs a higher socket level than this session's (<see cref="CliRequest.MinimumLevel"/>),
    /// when the level is known.</summary>
    private void CheckLevel(CliRequest command)
    {
        if (command.MinimumLevel is not string needed || Level is null) return;
        int have = LevelRank(Level), need = LevelRank(needed);
        if (have < 0 || need < 0 || have >= need) return;
        throw new HaproxyException(
            $"'{command.DisplayText}' needs a stats socket at level '{needed}' or higher; this session's socket ({Endpoint}) is at level '{Level}'. Nothing was sent. Connect to {(needed == "admin" ? "an admin-level" : $"an {needed}- or admin-level")} stats socket.",
            HaproxyErrorKind.PermissionDenied, command.DisplayLine);
    }

    private static int LevelRank(string level) => level switch
    {
        "user" => 0,
        "operator" => 1,
        "admin" => 2,
        _ => -1,
    };

    private static void CheckLineLength(CliRequest command)
    {
        int bytes = command.LineByteCount;
        if (bytes >= MaxLineBytes)
        {
            throw new HaproxyArgumentException("Command",
                $"The command is {bytes} bytes long; HAProxy accepts at most about {MaxLineBytes} bytes on one line (tune.bufsize) and would drop the connection. Nothing was sent.");
        }
    }

    private async Task<(CliReply[] Replies, IReplyLineParser<T>? Parser)> RoundTripAsync<T>(CliRequest<T> command, bool synchronous, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        await EnterGateAsync(synchronous, cancellationToken).ConfigureAwait(false);
        try
        {
            if (command.ForMaster) return (new[] { await MasterOneShotAsync(command, synchronous, cancellationToken).ConfigureAwait(false) }, null);
            if ((command.AnswerHasBlankLines || _promptFraming && command.FreeFormAnswer) && !command.IsWrite && command.ReplyCount == 1 && command.Payload is null)
            {
                return (new[] { await OneShotAsync(command, synchronous, cancellationToken).ConfigureAwait(false) }, null);
            }
            for (int attempt = 0; ; attempt++)
            {
                var connection = await GetConnectionAsync(synchronous, cancellationToken).ConfigureAwait(false);
                long receivedBefore = connection.BytesReceived;
                TimeSpan limit = CommandTimeout + command.ExtraReadTime;
                // Blocking I/O (the cmdlets) is bounded by the socket's own timeouts (CliConnection.BeginDeadline): no
                // timer per command. Asynchronous I/O gets a timer that aborts the connection.
                using var timeoutCts = synchronous ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeoutCts?.CancelAfter(limit);
                if (synchronous) connection.BeginDeadline(limit);
                var token = timeoutCts?.Token ?? cancellationToken;
                // Cancellation of socket I/O is not honoured on every runtime: aborting the connection is what
                // guarantees a stalled read returns, and it also guarantees no later command reads this one's tail.
                using var abortOnCancel = token.CanBeCanceled ? token.Register(() => connection.Abort()) : default;
                try
                {
                    string wire = command.Payload is null
                        ? command.Line + "\n"
                        : command.Payload.Wire(command.Line, Capabilities.HaproxyCapabilities.Supports(VersionNumber, Capabilities.HaproxyFeature.PayloadTerminator));
                    await connection.SendAsync(wire, synchronous, token).ConfigureAwait(false);
                    var replies = new CliReply[command.ReplyCount];
                    // A fresh parser per attempt: a retried read must not see the lines of the failed one.
                    var parser = command.CreateLineParser();
                    for (int i = 0; i < replies.Length; i++)
                    {
                        Action<string>? sink = parser != null && i == command.Prelude.Count ? parser.Add : null;
                        replies[i] = await connection.ReadReplyAsync(synchronous, sink, token).ConfigureAwait(false);
                    }
                    if (command.Payload != null && _promptFraming) replies[replies.Length - 1] = WithoutPayloadPrompts(replies[replies.Length - 1]);
                    return (replies, parser);
                }
                catch (Exception ex) when (IsTransportFailure(ex))
                {
                    DropConnection(connection);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException("The command was cancelled; its connection was closed so the next command starts clean.", ex, cancellationToken);
                    }
                    bool timedOut = timeoutCts != null
                        ? timeoutCts.IsCancellationRequested
                        : connection.DeadlinePassed || CliConnection.IsSocketTimeout(ex);
                    bool nothingReceived = connection.BytesReceived == receivedBefore;
                    if (timedOut) throw NoAnswerInTime(command, limit, ex);
                    if (!command.IsWrite && nothingReceived && attempt == 0)
                    {
                        continue; // HAProxy closed an idle connection under us: a read is safe to repeat once.
                    }
                    if (command.Payload != null && ex is TruncatedReplyException cut && PayloadRefusal(cut.Partial.TrimStart('+', ' ')) is string refusal)
                    {
                        // HAProxy drops a command whose line or payload outgrew its buffer, says so and closes.
                        throw new HaproxyCommandException(
                            $"HAProxy refused '{command.DisplayText}' with its payload ({command.Payload.ByteCount} bytes) and closed the connection: {refusal} Nothing was applied.",
                            HaproxyErrorKind.InvalidArgument, command.DisplayLine, cut.Partial);
                    }
                    if (command.IsWrite) throw new HaproxyOutcomeUnknownException(command.DisplayLine, ex, command.DisplayText);
                    if (ex is TruncatedReplyException truncated && truncated.Partial.Length > 0)
                    {
                        throw new HaproxyProtocolException(
                            $"HAProxy closed the connection in the middle of its answer to '{command.DisplayText}' (answer truncated): {Shorten(truncated.Partial)}", command.DisplayLine, ex);
                    }
                    throw ConnectionFailedDuring(command, ex);
                }
                finally
                {
                    connection.EndDeadline();
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>In prompt mode (before 3.2) HAProxy writes a "+ " prompt for each payload line it reads, all before the
    /// answer on its first line ("+ + + [5]: Transaction created…"): taken off, the answer reads as in interactive mode.</summary>
    internal static CliReply WithoutPayloadPrompts(CliReply reply)
    {
        if (reply.IsEmpty || !reply.Lines[0].StartsWith("+ ", StringComparison.Ordinal)) return reply;
        string first = reply.Lines[0];
        int start = 0;
        while (first.Length - start >= 2 && first[start] == '+' && first[start + 1] == ' ') start += 2;
        var lines = new List<string>(reply.Lines.Count);
        if (start < first.Length) lines.Add(first.Substring(start));
        for (int i = 1; i < reply.Lines.Count; i++) lines.Add(reply.Lines[i]);
        return lines.Count == 0 ? CliReply.Empty : CliReply.FromLines(lines);
    }

    /// <summary>HAProxy's answer when a command's line or payload does not fit its buffers (cli.c: "The command is too
    /// big…" in 3.0, "The command line is too big…" from 3.2, "The payload is too big…" from 3.4), or null.</summary>
    private static string? PayloadRefusal(string partial)
    {
        string text = partial.Trim();
        if (text.StartsWith("[3]: ", StringComparison.Ordinal)) text = text.Substring(5);
        return text.StartsWith("The payload is too big", StringComparison.Ordinal)
            || text.StartsWith("The command line is too big", StringComparison.Ordinal)
            || text.StartsWith("The command is too big", StringComparison.Ordinal) ? text : null;
    }

    /// <summary>A command whose answer did not come within <paramref name="limit"/>: a write's outcome is unknown (it is
    /// never resent), a read timed out.</summary>
    private static HaproxyException NoAnswerInTime(CliRequest command, TimeSpan limit, Exception ex)
    {
        var timeout = new HaproxyTimeoutException(
            $"HAProxy did not answer '{command.DisplayText}' within {limit.TotalSeconds:0.###} s; the connection was closed.", command.DisplayLine, ex);
        return command.IsWrite ? new HaproxyOutcomeUnknownException(command.DisplayLine, timeout, command.DisplayText) : timeout;
    }

    private HaproxyConnectionException ConnectionFailedDuring(CliRequest command, Exception ex) =>
        new HaproxyConnectionException($"The connection to {Endpoint} failed during '{command.DisplayText}': {ex.Message}", ex, command.DisplayLine);

    /// <summary>
    /// A read whose answer the session's framing cannot delimit: a free-form read in prompt framing
    /// (<see cref="CliRequest.FreeFormAnswer"/>, any line could begin with "&gt; " and be taken for the prompt), or an
    /// answer with blank lines of its own (<see cref="CliRequest.AnswerHasBlankLines"/>, which would end it early in any
    /// framing). So the command goes on a connection of its own in HAProxy's non-interactive mode, which frames the
    /// answer by closing the connection — nothing in the answer can end it early. Only reads
    /// come here (the caller checks): a change may set something for the connection it runs on (expert-mode, a CLI
    /// timeout), which must be the session's.
    /// </summary>
    private async Task<CliReply> OneShotAsync(CliRequest command, bool synchronous, CancellationToken cancellationToken)
    {
        // One line, two segments: numeric severities (so a refusal is recognisable), then the command. Each segment's
        // answer ends with an empty line; the first one's answer is nothing else. Through a master CLI, '@@' carries the
        // whole line to the worker, and the half-close makes the master close once the worker has answered.
        string enter = _master ? "@@" + _workerTarget + " " : "";
        string lower = LoweredTo is null ? "" : LoweredTo + ";";
        var lines = await ExchangeOnNewConnectionAsync(command, enter + "set severity-output number;" + lower + command.Line + "\n", _master, synchronous, cancellationToken).ConfigureAwait(false);
        int setUp = LoweredTo is null ? 1 : 2;
        if (lines.Count < setUp || lines[0].Length != 0 || lines[setUp - 1].Length != 0)
        {
            // Not even the severity setting's empty answer: HAProxy closed the connection without running the line.
            throw new HaproxyProtocolException($"HAProxy closed the connection without answering '{command.DisplayText}': {Shorten(string.Join("\n", lines))}", command.DisplayLine);
        }
        lines.RemoveRange(0, setUp);
        // The empty line that ends the command's answer (2.6 omits some messages' own LF, so it may be the only one).
        if (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines.Count == 0 ? CliReply.Empty : CliReply.FromLines(lines);
    }

    /// <summary>The frame of every request sent on a connection of its own (one-shot reads, the master's own
    /// commands): open, send <paramref name="line"/> (half-closing when the peer answers only then), read to the end,
    /// all within the command's limit; a transport failure is a timeout, an unknown outcome for a change, or a failed
    /// connection.</summary>
    private async Task<List<string>> ExchangeOnNewConnectionAsync(CliRequest command, string line, bool halfClose, bool synchronous, CancellationToken cancellationToken)
    {
        var opening = CliConnector.OpenAsync(Endpoint, ConnectTimeout, cancellationToken, _tls);
        using var connection = synchronous ? opening.GetAwaiter().GetResult() : await opening.ConfigureAwait(false);
        TimeSpan limit = CommandTimeout + command.ExtraReadTime;
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(limit);
        using var abortOnCancel = timeoutCts.Token.Register(() => connection.Abort());
        try
        {
            await connection.SendAsync(line, synchronous, timeoutCts.Token).ConfigureAwait(false);
            if (halfClose) connection.HalfClose();
            return await connection.ReadToEndAsync(synchronous, timeoutCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (timeoutCts.IsCancellationRequested) throw NoAnswerInTime(command, limit, ex);
            if (command.IsWrite) throw new HaproxyOutcomeUnknownException(command.DisplayLine, ex, command.DisplayText);
            throw ConnectionFailedDuring(command, ex);
        }
    }

    private Task EnterGateAsync(bool synchronous, CancellationToken cancellationToken)
    {
        if (!synchronous) return _gate.WaitAsync(cancellationToken);
        _gate.Wait(cancellationToken);
        return Task.CompletedTask;
    }

    private static bool IsTransportFailure(Exception ex) =>
        ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException;

    /// <summary>The version in a 'show info' answer among the handshake's answers ("Version: 3.0.11-1"), or null.</summary>
    private static string? OlderVersionIn(string text)
    {
        var m = System.Text.RegularExpressions.Regex.Match(text, @"(?:^|[\n >])Version: (\d+\.\d+[^\s]*)");
        return m.Success ? m.Groups[1].Value : null;
    }

    private static string Shorten(string text)
    {
        text = text.Replace("\n", " ").Trim();
        return text.Length > 300 ? text.Substring(0, 300) + "…" : text;
    }

    /// <summary>Returns the live connection, reopening it when HAProxy closed it while idle. Caller holds the gate.</summary>
    private async Task<CliConnection> GetConnectionAsync(bool synchronous, CancellationToken cancellationToken)
    {
        var current = _connection;
        if (current != null && !current.IsStale())
        {
            if (DateTime.UtcNow - current.LastActivity < RevalidateAfterIdle) return current;
            if (await IsOnCurrentWorkerAsync(current, synchronous, cancellationToken).ConfigureAwait(false)) return current;
            ReloadsDetected++;
        }
        if (current != null) DropConnection(current);
        // Synchronous callers block here, on their own thread: were the open awaited, the rest of the request (its
        // blocking reads) would continue on a thread-pool thread and hold it, starving whatever else needs the pool.
        if (synchronous) return OpenConnectionAsync(true, cancellationToken).GetAwaiter().GetResult();
        return await OpenConnectionAsync(false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After an idle period: is this connection still served by the live worker (not a stopping one left
    /// behind by a reload)? Any failure counts as no, so the caller reconnects.</summary>
    private async Task<bool> IsOnCurrentWorkerAsync(CliConnection connection, bool synchronous, CancellationToken cancellationToken)
    {
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(CommandTimeout);
        using var abortOnCancel = timeoutCts.Token.Register(() => connection.Abort());
        if (synchronous) connection.SetSocketTimeouts(CommandTimeout); // a previous answer's deadline may have shortened them
        try
        {
            await connection.SendAsync("show info\n", synchronous, timeoutCts.Token).ConfigureAwait(false);
            var reply = await connection.ReadReplyAsync(synchronous, null, timeoutCts.Token).ConfigureAwait(false);
            if (reply.IsError) return false;
            var info = HaproxyProcessInfo.Parse(reply.Lines);
            // A session routed to a given PID (an old worker, stopping by definition) stays with it while it lives.
            return (!info.Stopping || _workerTarget.StartsWith("!", StringComparison.Ordinal)) && info.ProcessId == ProcessId;
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }

    private void DropConnection(CliConnection connection)
    {
        connection.Abort();
        if (ReferenceEquals(_connection, connection)) _connection = null;
    }

    /// <summary>Opens a socket and runs the handshake: interactive mode (so one connection carries many commands),
    /// numeric severity prefixes (so failures are recognisable), and <c>show info</c> to learn the version and PID
    /// again on every reconnect (a reload changes both).</summary>
    private async Task<CliConnection> OpenConnectionAsync(bool synchronous, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        if (_master) return await OpenMasterConnectionAsync(synchronous, cancellationToken).ConfigureAwait(false);
        // Synchronous callers wait here on their own thread, so the blocking handshake below runs on it too (awaited,
        // it would continue on, and hold, the thread-pool thread the connect completed on).
        // One budget for the whole open (connect, TLS, CLI handshake): ConnectTimeout is what a caller waits at most
        // for a session, not per step (three steps could otherwise take three times as long).
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        var opening = CliConnector.OpenAsync(Endpoint, ConnectTimeout, cancellationToken, _tls);
        var connection = synchronous ? opening.GetAwaiter().GetResult() : await opening.ConfigureAwait(false);
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(CliConnector.Remaining(ConnectTimeout, elapsed));
        using var abortOnCancel = timeoutCts.Token.Register(() => connection.Abort());
        // Set once the first two answers came as HAProxy gives them: a connection cut after that is HAProxy's own.
        bool answeredAsHaproxy = false;
        try
        {
            // Blocking I/O for synchronous callers: an asynchronous operation would turn the socket non-blocking for
            // good (see CliConnector.OpenAsync). Async callers stay async: blocking here would hold a pool thread.
            // 'prompt' must be the first command on a connection, otherwise HAProxy closes it after that line. Before
            // 3.2 there is no 'prompt i': plain 'prompt' keeps the connection open, and answers are framed by its
            // "> " prompt (see CliConnection.PromptFraming).
            connection.PromptFraming = _promptFraming;
            string handshake = _promptFraming ? "prompt\n" : "prompt i\n";
            await connection.SendAsync(handshake + LoweringLine + "set severity-output number\nshow info\nshow cli level\n", synchronous, timeoutCts.Token).ConfigureAwait(false);
            var prompt = await connection.ReadReplyAsync(synchronous, null, timeoutCts.Token).ConfigureAwait(false);
            var lowered = LoweredTo is null ? CliReply.Empty : await connection.ReadReplyAsync(synchronous, null, timeoutCts.Token).ConfigureAwait(false);
            var severity = await connection.ReadReplyAsync(synchronous, null, timeoutCts.Token).ConfigureAwait(false);
            // Checked before reading on: a peer not in i mode may never complete the later answers (a p-mode prompt
            // has no LF), and waiting for them would turn a clear refusal into a timeout.
            if (!prompt.IsEmpty || !severity.IsEmpty)
            {
                // A HAProxy before 3.2 takes 'prompt i' for 'prompt' and answers every line with a '> ' prompt: what
                // arrived then already holds its 'show info', and so its version.
                string seen = prompt.Raw + "\n" + lowered.Raw + "\n" + severity.Raw;
                if (LooksLikeMasterCli(seen))
                {
                    // A master CLI (-S): it runs worker commands only inside a worker session opened through it.
                    connection.Abort();
                    _master = true;
                    return await OpenMasterConnectionAsync(synchronous, cancellationToken).ConfigureAwait(false);
                }
                string? older = OlderVersionIn(seen);
                if (!_promptFraming && older != null &&
                    !Capabilities.HaproxyCapabilities.Supports(Capabilities.HaproxyCapabilities.ParseVersion(older), Capabilities.HaproxyFeature.InteractiveMode))
                {
                    // This connection's byte stream is mid-way through answers framed the other way: start again.
                    connection.Abort();
                    _promptFraming = true;
                    return await OpenConnectionAsync(synchronous, cancellationToken).ConfigureAwait(false);
                }
                throw new HaproxyProtocolException(
                    $"{Endpoint} did not accept the interactive-mode handshake ('{Shorten(prompt.Raw + " " + severity.Raw)}'). Is it a HAProxy worker's stats socket?");
            }
            answeredAsHaproxy = true;
            CheckLowered(lowered);
            var info = await connection.ReadReplyAsync(synchronous, null, timeoutCts.Token).ConfigureAwait(false);
            var level = await connection.ReadReplyAsync(synchronous, null, timeoutCts.Token).ConfigureAwait(false);
            var processInfo = HaproxyProcessInfo.Parse(Answers.HaproxyAnswers.Dump.Data(info, HaproxyRequests.ShowInfo()));
            Version = processInfo.Version;
            VersionNumber = Capabilities.HaproxyCapabilities.ParseVersion(processInfo.Version);
            ProcessId = processInfo.ProcessId;
            Node = processInfo.Node;
            Level = level.IsError || level.IsEmpty ? null : level.FirstLine.Trim();
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            connection.Abort();
            cancellationToken.ThrowIfCancellationRequested();
            if (timeoutCts.IsCancellationRequested)
            {
                throw new HaproxyTimeoutException(
                    $"{Endpoint} accepted the connection but did not answer the handshake within {ConnectTimeout.TotalSeconds:0.###} s of connecting. HAProxy may be stalled (overloaded or stopped), or this is not a HAProxy worker's stats socket.", null, ex);
            }
            if (!answeredAsHaproxy && ex is TruncatedReplyException truncated && truncated.Partial.Trim().Length > 0)
            {
                // Something answered, not as HAProxy does (a web server's "HTTP/1.1 400 Bad Request", an SSH banner...).
                throw new HaproxyProtocolException(
                    $"{Endpoint} is not a HAProxy stats socket: it answered the handshake with '{Shorten(truncated.Partial.Trim())}' and closed the connection.");
            }
            throw new HaproxyConnectionException($"{Endpoint} closed the connection during the handshake without answering: {ex.Message} Is it a HAProxy stats socket?", ex);
        }
        catch
        {
            connection.Abort();
            throw;
        }
        return Adopt(connection);
    }

    /// <summary>Makes a handshaken connection the session's. Every connection after the first is a reconnection,
    /// whatever dropped the previous one (idle close, reload, timeout, Ctrl+C).</summary>
    private CliConnection Adopt(CliConnection connection, bool keep = true)
    {
        if (ConnectedAt != null) Reconnects++;
        if (keep) _connection = connection;
        ConnectedAt = DateTimeOffset.Now;
        return connection;
    }

    /// <summary>Set once the HAProxy behind the endpoint proved older than 3.2 (no 'prompt i'): every connection of
    /// the session then runs in prompt mode.</summary>
    private bool _promptFraming;

    /// <summary>Whether the session frames answers by HAProxy's "> " prompt (HAProxy before 3.2) rather than by the
    /// blank line of interactive mode.</summary>
    public bool UsesPromptFraming => _promptFraming;

    private void ThrowIfClosed()
    {
        if (_closed) throw HaproxyConnectionException.SessionClosed(Id, Name);
    }

    /// <summary>Closes the connection for good. Safe to call twice and while another thread waits on the gate.</summary>
    public void Dispose()
    {
        if (_closed) return;
        _closed = true;
        DisposeRoutes();
        _connection?.Abort();
        _connection = null;
    }

    public override string ToString() => $"HaproxySession {Id} ({Name})";
}
