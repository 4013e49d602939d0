using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Transport;

/// <summary>
/// One socket to a worker's Runtime API, switched to interactive mode (<c>prompt i</c>), framed on blank lines.
/// </summary>
/// <remarks>
/// In <c>prompt i</c> mode every ';'- or LF-separated command yields exactly one answer: either a lone LF (no output)
/// or its output followed by an empty line. So an answer ends at the first empty line, with no sleeping and no
/// read-until-timeout. The connection is not thread-safe; <see cref="HaproxySession"/> serialises access to it.
/// </remarks>
internal sealed class CliConnection : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly LineReader _reader;
    private int _disposed;

    /// <summary>Takes over a connected socket (and its TLS stream, if any) from <see cref="CliConnector"/>.</summary>
    internal CliConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
        _reader = new LineReader(stream) { BeforeBlockingRead = EnforceDeadline };
        LastActivity = DateTime.UtcNow;
    }

    // ---- deadlines of blocking I/O ------------------------------------------------------------------------------
    // Blocking calls are bounded by the socket's own timeouts (SO_RCVTIMEO/SO_SNDTIMEO) rather than by a timer that
    // aborts the connection: a linked CancellationTokenSource with CancelAfter and an abort registration cost ~1 us per
    // command, a twentieth of a whole round trip on loopback. The socket timeout is set only when it changes (most
    // commands share one limit and are answered in one read); a read after the first of an answer gets what is left of
    // the answer's deadline (to within 50 ms), so an answer trickling in byte by byte still ends at the deadline.

    private int _sendTimeoutMs = -1;    // what the socket's send timeout holds (-1: not set by us yet; 0: none)
    private int _receiveTimeoutMs = -1; // its receive timeout (shortened within an answer, see EnforceDeadline)
    private long _deadline;             // Stopwatch timestamp; 0 = no deadline (reads keep the socket's timeout)
    private int _readsInDeadline;

    /// <summary>Bounds the blocking I/O of one command: every send and read must finish within <paramref name="limit"/>
    /// from now, or fail with an <see cref="IOException"/> (then <see cref="DeadlinePassed"/> is true).</summary>
    public void BeginDeadline(TimeSpan limit)
    {
        _deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        _readsInDeadline = 0;
        SetSocketTimeouts(limit);
    }

    /// <summary>Ends a <see cref="BeginDeadline"/>; later blocking calls are bounded by the socket timeouts alone.</summary>
    public void EndDeadline() => _deadline = 0;

    /// <summary>True once the deadline of <see cref="BeginDeadline"/> has passed: an I/O failure then is a timeout.</summary>
    public bool DeadlinePassed => _deadline != 0 && System.Diagnostics.Stopwatch.GetTimestamp() >= _deadline;

    /// <summary>Bounds each blocking send and read to <paramref name="limit"/> (a batch's "no progress for this long";
    /// the batch's own timer still bounds a whole answer). Costs a system call only when the value changes.</summary>
    public void SetSocketTimeouts(TimeSpan limit) => SetSocketTimeoutMs(ToTimeoutMs(limit.TotalMilliseconds));

    private static int ToTimeoutMs(double ms) => ms >= int.MaxValue ? 0 /* infinite */ : Math.Max(1, (int)Math.Ceiling(ms));

    private void SetSocketTimeoutMs(int ms)
    {
        if (ms != _receiveTimeoutMs) SetReceiveTimeoutMs(ms);
        if (ms == _sendTimeoutMs) return;
        _socket.SendTimeout = ms;
        _sendTimeoutMs = ms;
    }

    private void SetReceiveTimeoutMs(int ms)
    {
        _socket.ReceiveTimeout = ms;
        _receiveTimeoutMs = ms;
    }

    /// <summary>How far the socket's receive timeout may run past the deadline before it is shortened: a 10,000-server
    /// dump arrives in hundreds of reads, and a system call before each would cost more than the rest of the read.</summary>
    private const int DeadlineSlackMs = 50;

    private void EnforceDeadline()
    {
        if (_deadline == 0 || _readsInDeadline++ == 0) return; // the first read already has the whole limit
        double leftMs = (_deadline - System.Diagnostics.Stopwatch.GetTimestamp()) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
        if (leftMs <= 0) throw new IOException("The command's deadline passed while its answer was still arriving.");
        // Sends are done by now: only the reads are left to bound.
        if (_receiveTimeoutMs <= 0 || _receiveTimeoutMs - leftMs > DeadlineSlackMs) SetReceiveTimeoutMs(ToTimeoutMs(leftMs));
    }

    /// <summary>Whether <paramref name="ex"/> is (or wraps) a socket timeout of a blocking call.</summary>
    public static bool IsSocketTimeout(Exception? ex)
    {
        for (; ex != null; ex = ex.InnerException)
        {
            if (ex is SocketException se && (se.SocketErrorCode == SocketError.TimedOut || se.SocketErrorCode == SocketError.WouldBlock)) return true;
        }
        return false;
    }

    /// <summary>HAProxy before 3.2 has no interactive mode without a prompt: its answers end with "\n&gt; " (and on
    /// 2.6 some messages lack their own final LF, so no blank line precedes the prompt). Answers are then framed by
    /// the prompt instead of the blank line. An answer line that itself begins with "&gt; " cannot be told from it.</summary>
    public bool PromptFraming { get; set; }

    /// <summary>Set when the byte stream can no longer be trusted to be in step with our commands.</summary>
    public bool IsBroken { get; private set; }

    public DateTime LastActivity { get; private set; }

    /// <summary>
    /// True when the socket has become readable while idle: HAProxy closed it (idle timeout, reload, kill) or sent
    /// bytes nobody asked for. Either way it must not carry the next command.
    /// </summary>
    public bool IsStale()
    {
        if (IsBroken || _disposed != 0) return true;
        if (_reader.Pending > 0) return true;
        try
        {
            return _socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>Sends raw text (one or more LF-terminated lines).</summary>
    /// <remarks><c>synchronous</c>: write on the calling thread (see <see cref="LineReader.ReadLineAsync(bool, CancellationToken)"/>).</remarks>
    public async Task SendAsync(string text, bool synchronous, CancellationToken cancellationToken)
    {
        byte[] bytes = Utf8.GetBytes(text);
        try
        {
            if (synchronous)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _stream.Write(bytes, 0, bytes.Length);
                _stream.Flush();
            }
            else
            {
                await _stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
                await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            IsBroken = true;
            throw;
        }
        LastActivity = DateTime.UtcNow;
    }

    /// <summary>Takes an empty answer (a command that printed nothing) if it has already arrived, without the async
    /// read machinery; false means "read it with <see cref="ReadReplyAsync(bool, Action{string}, CancellationToken)"/>".</summary>
    public bool TryTakeEmptyReply()
    {
        if (PromptFraming || !_reader.TryTakeEmptyLine()) return false;
        LastActivity = DateTime.UtcNow;
        return true;
    }

    /// <summary>Reads one framed answer. Throws <see cref="EndOfStreamException"/> when the stream ends first
    /// (a <see cref="TruncatedReplyException"/> holding what had arrived, for diagnostics).</summary>
    /// <remarks><c>synchronous</c>: block in the socket read on the calling thread. <c>dataSink</c>: when given, a data dump (an answer whose first line carries no "[N]: " severity
    /// prefix) is handed over line by line as it arrives instead of being buffered — parsing overlaps with HAProxy
    /// still writing, and a 10,000-server dump is never held whole — and <see cref="CliReply.Streamed"/> is
    /// returned. Messages (errors, notices) always come back buffered, so they are classified as usual.</remarks>
    public async Task<CliReply> ReadReplyAsync(bool synchronous, Action<string>? dataSink, CancellationToken cancellationToken)
    {
        if (PromptFraming) return await ReadPromptFramedReplyAsync(synchronous, cancellationToken).ConfigureAwait(false);
        List<string>? lines = null; // allocated on the first non-empty line: most answers are a lone LF
        string? firstStreamed = null; // set once streaming; kept so a streamed answer cut short still says what had arrived
        int streamedLines = 0;
        try
        {
            while (true)
            {
                if (!_reader.TryReadBufferedLine(out string? line))
                {
                    line = await _reader.ReadLineAsync(synchronous, cancellationToken).ConfigureAwait(false);
                }
                if (line is null)
                {
                    IsBroken = true;
                    string partial = lines is null ? "" : Beginning(lines);
                    if (firstStreamed != null) partial = $"{firstStreamed}\n… ({streamedLines - 1} more lines)\n";
                    throw new TruncatedReplyException(partial + _reader.TruncatedTail);
                }
                if (line.Length == 0)
                {
                    LastActivity = DateTime.UtcNow;
                    if (firstStreamed != null) return CliReply.Streamed;
                    return lines is null ? CliReply.Empty : CliReply.FromLines(lines);
                }
                if (firstStreamed != null)
                {
                    streamedLines++;
                    dataSink!(line);
                    continue;
                }
                if (lines is null && dataSink != null && !CliReply.HasSeverityPrefix(line))
                {
                    firstStreamed = line;
                    streamedLines = 1;
                    dataSink(line);
                    continue;
                }
                (lines ??= new List<string>()).Add(line);
            }
        }
        catch (Exception ex) when (!(ex is TruncatedReplyException))
        {
            IsBroken = true;
            throw;
        }
    }

    /// <summary>One answer up to the "&gt; " prompt that follows it (see <see cref="PromptFraming"/>), buffered: the blank
    /// line HAProxy usually prints before the prompt is dropped, so the answer reads as in interactive mode.</summary>
    private async Task<CliReply> ReadPromptFramedReplyAsync(bool synchronous, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        try
        {
            while (true)
            {
                bool? prompt = await _reader.TryTakePromptAsync(synchronous, cancellationToken).ConfigureAwait(false);
                string? line = prompt == false ? await _reader.ReadLineAsync(synchronous, cancellationToken).ConfigureAwait(false) : null;
                if (prompt == true)
                {
                    LastActivity = DateTime.UtcNow;
                    if (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
                    return lines.Count == 0 ? CliReply.Empty : CliReply.FromLines(lines);
                }
                if (line is null)
                {
                    IsBroken = true;
                    throw new TruncatedReplyException(Beginning(lines) + _reader.TruncatedTail);
                }
                lines.Add(line);
            }
        }
        catch (Exception ex) when (!(ex is TruncatedReplyException))
        {
            IsBroken = true;
            throw;
        }
    }

    /// <summary>Every line until HAProxy closes the connection — the framing of its non-interactive mode — a last line
    /// without its LF included.</summary>
    /// <summary>One line as it arrives, without its LF, or null at the end of the stream (for a command that keeps
    /// answering, read line by line: <c>show events -w</c>).</summary>
    public async Task<string?> ReadLineAsync(bool synchronous, CancellationToken cancellationToken)
    {
        try
        {
            string? line = await _reader.ReadLineAsync(synchronous, cancellationToken).ConfigureAwait(false);
            LastActivity = DateTime.UtcNow;
            return line;
        }
        catch
        {
            IsBroken = true;
            throw;
        }
    }

    public async Task<List<string>> ReadToEndAsync(bool synchronous, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        try
        {
            while (true)
            {
                string? line = await _reader.ReadLineAsync(synchronous, cancellationToken).ConfigureAwait(false);
                if (line is null)
                {
                    string tail = _reader.TruncatedTail;
                    if (tail.Length > 0) lines.Add(tail);
                    return lines;
                }
                lines.Add(line);
            }
        }
        catch
        {
            IsBroken = true;
            throw;
        }
    }

    /// <summary>The first lines of a cut answer, for the error message: a flood cut after 50 MB must not be copied
    /// whole into a string only for its first few hundred characters to be shown.</summary>
    internal static string Beginning(List<string> lines, int maxChars = 1000)
    {
        var text = new StringBuilder();
        int shown = 0;
        while (shown < lines.Count && text.Length < maxChars) text.Append(lines[shown++]).Append('\n');
        if (shown < lines.Count) text.Append("… (").Append(lines.Count - shown).Append(" more lines)\n");
        return text.ToString();
    }

    /// <summary>Bytes of the current answer(s) received so far; lets the session tell "nothing came back" from
    /// "an answer was cut".</summary>
    public long BytesReceived => _reader.BytesReceived;

    /// <summary>Tells the peer nothing more will be sent (a TCP/Unix half-close): the master CLI answers what it has and
    /// closes, which frames its answers.</summary>
    public void HalfClose()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
        {
            IsBroken = true;
            throw new IOException("The connection failed while ending the request.", ex);
        }
    }

    /// <summary>Marks the connection unusable (after cancellation or a timeout mid-answer) and closes it, so no
    /// later command can read the tail of an abandoned answer.</summary>
    public void Abort()
    {
        IsBroken = true;
        Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try { _stream.Dispose(); } catch { /* closing a broken socket may throw; nothing to recover */ }
        try { _socket.Dispose(); } catch { }
    }
}

/// <summary>The connection ended before an answer's terminating blank line: the answer is incomplete.</summary>
internal sealed class TruncatedReplyException : EndOfStreamException
{
    public TruncatedReplyException(string partial)
        : base("HAProxy closed the connection before completing its answer.")
    {
        Partial = partial;
    }

    public string Partial { get; }
}
