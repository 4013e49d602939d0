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

    /// <summary>Total bytes received since the connection opened.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Returns the next line without its LF, or null at end of stream. A partial last line (bytes without
    /// LF before EOF) stays readable in <see cref="TruncatedTail"/>.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int lf = _scanned < _end ? Array.IndexOf(_buffer, (byte)'\n', _scanned, _end - _scanned) : -1;
            if (lf >= 0)
            {
                string line = Utf8.GetString(_buffer, _start, lf - _start);
                _start = lf + 1;
                _scanned = _start;
                return line;
            }
            _scanned = _end;
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
    }

    /// <summary>Text received after the last complete line, if the stream ended.</summary>
    public string TruncatedTail => Utf8.GetString(_buffer, _start, _end - _start);

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
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
        int read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, cancellationToken).ConfigureAwait(false);
        if (read <= 0) return false;
        _end += read;
        BytesReceived += read;
        return true;
    }
}
