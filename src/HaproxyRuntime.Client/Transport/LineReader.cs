using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Transport;

/// <summary>
/// Reads LF-terminated lines from a stream with one growing buffer.
/// </summary>
/// <remarks>
/// Each byte is scanned once: the search for LF resumes where the previous search stopped, so a 38 MB dump does not
/// cost quadratic re-scanning (the first naive client took 24 s on it). Invalid UTF-8 is decoded to U+FFFD rather than
/// failing: the framing is byte-based and must survive any payload.
/// </remarks>
internal sealed class LineReader
{
    /// <summary>No single line from HAProxy is legitimately this long (38 MB for a 3,000-server JSON stat was the
    /// largest seen). Beyond it the peer is misbehaving and we stop buffering rather than exhaust memory.</summary>
    internal const int MaxLineBytes = 256 * 1024 * 1024;

    private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;     // first unconsumed byte
    private int _end;       // one past the last received byte
    private int _scanned;   // bytes in [_start, _scanned) are known to hold no LF

    public LineReader(Stream stream, int initialSize = 64 * 1024)
    {
        _stream = stream;
        _buffer = new byte[initialSize];
    }

    /// <summary>Bytes received but not yet consumed as lines: non-zero between answers means the peer sent
    /// something we did not ask for.</summary>
    public int Pending => _end - _start;

    /// <summary>Called before every blocking read: lets the connection shorten the socket's receive timeout to what
    /// is left of a command's deadline (see <see cref="CliConnection.BeginDeadline"/>).</summary>
    public Action? BeforeBlockingRead { get; set; }

    /// <summary>Total bytes received since the connection opened.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Takes the next complete line if it has already been received: the hot path of framing, with no
    /// task or state machine per line (a 100,000-answer batch is mostly empty lines already in the buffer).</summary>
    public bool TryReadBufferedLine(out string line)
    {
        int lf = _scanned < _end ? Array.IndexOf(_buffer, (byte)'\n', _scanned, _end - _scanned) : -1;
        if (lf < 0)
        {
            _scanned = _end;
            line = string.Empty;
            return false;
        }
        line = lf == _start ? string.Empty : Utf8.GetString(_buffer, _start, lf - _start);
        _start = lf + 1;
        _scanned = _start;
        return true;
    }

    /// <summary>Consumes an empty line if it is the next thing in the buffer: the whole answer of a command that
    /// printed nothing, which is what almost every answer of a bulk change is.</summary>
    public bool TryTakeEmptyLine()
    {
        if (_start >= _end || _buffer[_start] != (byte)'\n') return false;
        _start++;
        if (_scanned < _start) _scanned = _start;
        return true;
    }

    /// <summary>
    /// For HAProxy before 3.2, whose interactive mode always prints a "> " prompt after an answer: consumes the prompt
    /// if it is what comes next (at the start of a line), reading until two bytes are there. True: the answer before
    /// it is complete. Null at end of stream.
    /// </summary>
    public async Task<bool?> TryTakePromptAsync(bool synchronous, CancellationToken cancellationToken)
    {
        while (_end - _start < 2)
        {
            // One byte that cannot start a prompt settles it without waiting for a second.
            if (_end - _start == 1 && _buffer[_start] != (byte)'>') return false;
            bool more = synchronous ? Fill() : await FillAsync(cancellationToken).ConfigureAwait(false);
            if (!more) return null;
        }
        if (_buffer[_start] != (byte)'>' || _buffer[_start + 1] != (byte)' ') return false;
        _start += 2;
        if (_scanned < _start) _scanned = _start;
        return true;
    }

    /// <summary>Returns the next line without its LF, or null at end of stream. A partial last line (bytes without
    /// LF before EOF) stays readable in <see cref="TruncatedTail"/>.</summary>
    /// <remarks><c>synchronous</c>: Block the calling thread in the socket read instead of awaiting it: a pipeline
    /// thread waiting for one short answer is woken directly by the kernel, without a thread-pool hop (measured: 2-5x
    /// faster round trips on Unix sockets). The returned task is then already complete.</remarks>
    public async Task<string?> ReadLineAsync(bool synchronous, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryReadBufferedLine(out string line)) return line;
            bool more = synchronous ? Fill() : await FillAsync(cancellationToken).ConfigureAwait(false);
            if (!more) return null;
        }
    }

    /// <summary>Text received after the last complete line, if the stream ended.</summary>
    /// <remarks>At most its first 1,000 bytes: it only goes into an error message, and a peer that floods one
    /// endless line before closing must not make that message megabytes long.</remarks>
    public string TruncatedTail => Utf8.GetString(_buffer, _start, Math.Min(_end - _start, 1000));

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        MakeRoom();
        return Received(await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Blocking read; cancellation works by closing the stream (the session's abort registration), which
    /// makes a blocked read return.</summary>
    private bool Fill()
    {
        MakeRoom();
        BeforeBlockingRead?.Invoke();
        return Received(_stream.Read(_buffer, _end, _buffer.Length - _end));
    }

    private bool Received(int read)
    {
        if (read <= 0) return false;
        _end += read;
        BytesReceived += read;
        return true;
    }

    /// <summary>Ensures free space after <c>_end</c>: resets an empty buffer, compacts, or grows (bounded).</summary>
    private void MakeRoom()
    {
        if (_start == _end)
        {
            _start = _end = _scanned = 0;
        }
        else if (_end == _buffer.Length)
        {
            int live = _end - _start;
            if (_start > 0 && live <= _buffer.Length / 2)
            {
                // Compact: move the partial line to the front instead of growing.
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, live);
            }
            else
            {
                if (live >= MaxLineBytes)
                {
                    throw new HaproxyProtocolException($"HAProxy sent a line longer than {MaxLineBytes} bytes; the connection was dropped.");
                }
                var bigger = new byte[Math.Min((long)_buffer.Length * 2, MaxLineBytes + 1L) > int.MaxValue ? int.MaxValue : (int)Math.Min((long)_buffer.Length * 2, MaxLineBytes + 1L)];
                Buffer.BlockCopy(_buffer, _start, bigger, 0, live);
                _buffer = bigger;
            }
            _scanned -= _start;
            _start = 0;
            _end = live;
        }
    }
}
