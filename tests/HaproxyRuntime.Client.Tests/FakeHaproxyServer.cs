using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Transport;

namespace HaproxyRuntime.Client.Tests;

/// <summary>
/// An in-process stand-in for a HAProxy worker's stats socket in interactive mode (<c>prompt i</c>). It listens on
/// 127.0.0.1 (port 0) or on a Unix socket in a temporary directory, answers the client's handshake
/// ("prompt i", "set severity-output number", "show info", "show cli level") and hands every later line to <see cref="OnLine"/>,
/// which each test scripts.
/// </summary>
internal sealed class FakeHaproxyServer : IDisposable
{
    public const string HandshakeText = "prompt i\nset severity-output number\nshow info\nshow cli level\n";
    public const string DefaultInfo = "Name: HAProxy\nVersion: 3.4.7-1\nPid: 123\n\n";

    private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);
    private readonly CancellationTokenSource _stop = new CancellationTokenSource();
    private readonly TcpListener? _tcp;
    private readonly Socket? _unix;
    private readonly string? _unixDir;
    private readonly List<FakeConnection> _connections = new List<FakeConnection>();
    private int _accepted;
    private int _handshakes;
    private long _bytesReceived;

    private FakeHaproxyServer(TcpListener? tcp, Socket? unix, string? unixDir, HaproxyEndpoint endpoint)
    {
        _tcp = tcp;
        _unix = unix;
        _unixDir = unixDir;
        Endpoint = endpoint;
        OnLine = Segments(DefaultAnswer);
        _ = Task.Run(AcceptLoopAsync);
    }

    /// <summary>A fake on 127.0.0.1; <paramref name="onLine"/>, when given, becomes its <see cref="OnLine"/>.</summary>
    public static FakeHaproxyServer StartTcp(Func<FakeConnection, string, Task>? onLine = null)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = new FakeHaproxyServer(listener, null, null, HaproxyEndpoint.Tcp("127.0.0.1", port));
        if (onLine != null) server.OnLine = onLine;
        return server;
    }

    /// <summary>A TCP fake whose handshake lines go to <paramref name="onLine"/> too (<see cref="AutoHandshake"/> off),
    /// so a test can break the handshake.</summary>
    public static FakeHaproxyServer StartTcpWithScriptedHandshake(Func<FakeConnection, string, Task> onLine)
    {
        var server = StartTcp(onLine);
        server.AutoHandshake = false;
        return server;
    }

    public static FakeHaproxyServer StartUnix()
    {
        // sun_path is limited to ~108 bytes: keep the path short.
        string dir = Path.Combine(Path.GetTempPath(), "hxt" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "admin.sock");
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen(16);
        return new FakeHaproxyServer(null, socket, dir, HaproxyEndpoint.Unix(path));
    }

    public HaproxyEndpoint Endpoint { get; }

    public int Port => Endpoint.Port;

    /// <summary>Called for every line received after the handshake (the line without its LF).</summary>
    public Func<FakeConnection, string, Task> OnLine { get; set; }

    /// <summary>When false, the handshake lines also go to <see cref="OnLine"/>.</summary>
    public bool AutoHandshake { get; set; } = true;

    /// <summary>The level 'show cli level' reports in the handshake.</summary>
    public string Level { get; set; } = "admin";

    /// <summary>Send the handshake answers one byte per write.</summary>
    public bool HandshakeByteByByte { get; set; }

    /// <summary>The <c>show info</c> answer (wire form, blank line included) for a given connection.</summary>
    public Func<FakeConnection, string> Info { get; set; } = _ => DefaultInfo;

    /// <summary>Every line received after a handshake, in arrival order, over all connections.</summary>
    public ConcurrentQueue<string> Commands { get; } = new ConcurrentQueue<string>();

    /// <summary>Every handshake line received.</summary>
    public ConcurrentQueue<string> HandshakeLines { get; } = new ConcurrentQueue<string>();

    /// <summary>Exceptions thrown by handlers other than connection teardown.</summary>
    public ConcurrentQueue<Exception> Errors { get; } = new ConcurrentQueue<Exception>();

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Completed handshakes (the 'show info' of a handshake was answered).</summary>
    public int Handshakes => Volatile.Read(ref _handshakes);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    public int CountCommand(string line) => Commands.Count(c => c == line);

    /// <summary>Closes every open connection from the server side (like HAProxy's idle timeout).</summary>
    public void CloseAllConnections()
    {
        FakeConnection[] all;
        lock (_connections) all = _connections.ToArray();
        foreach (var c in all) c.Close();
    }

    /// <summary>Waits until <paramref name="condition"/> holds, at most <paramref name="timeoutMs"/> ms.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, int timeoutMs = 3000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(10);
        }
        return true;
    }

    // ---- scripted answers -------------------------------------------------------------------------------------

    /// <summary>Wire form of one answer: a lone LF for no output, else the body and a blank line.</summary>
    public static string Answer(string body) => body.Length == 0 ? "\n" : body + "\n\n";

    /// <summary>The two header lines of <c>show servers state</c> (format version, then the column names), without a
    /// final LF.</summary>
    public const string ServersStateHeader =
        "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port";

    /// <summary>The body of a <c>show info</c> answer (no terminating blank line) from a worker with
    /// <paramref name="pid"/>, with a <c>Stopping:</c> line when <paramref name="stopping"/> is given.</summary>
    public static string InfoBody(int pid, string? stopping = null) =>
        $"Name: HAProxy\nVersion: 3.4.7-1\nPid: {pid}" + (stopping is null ? "" : $"\nStopping: {stopping}");

    /// <summary>A whole <c>show info</c> answer for <see cref="Info"/>: <see cref="InfoBody"/> and its blank line.</summary>
    public static string InfoWithPid(int pid) => Answer(InfoBody(pid));

    /// <summary>Answers the whole line, unsplit, with <see cref="DefaultAnswer"/>'s body in one write.</summary>
    public static Task AnswerNormally(FakeConnection conn, string line) => conn.SendAsync(Answer(DefaultAnswer(line)));

    /// <summary>For a fake started with <see cref="StartTcpWithScriptedHandshake"/>: answers the handshake lines as
    /// <see cref="AutoHandshake"/> would (except 'show info', which goes to <see cref="AnswerNormally"/> like any
    /// other line).</summary>
    public static Task AnswerHandshakeOrNormally(FakeConnection conn, string line) => line switch
    {
        "prompt i" or "set severity-output number" => conn.SendAsync("\n"),
        "show cli level" => conn.SendAsync("[6]: admin\n\n"),
        _ => AnswerNormally(conn, line),
    };

    /// <summary>A handler that hands the lines <paramref name="when"/> picks to <paramref name="script"/> and gives
    /// every other line <see cref="AnswerNormally"/>.</summary>
    public static Func<FakeConnection, string, Task> Scripted(Func<FakeConnection, string, bool> when, Func<FakeConnection, string, Task> script) =>
        (conn, line) => when(conn, line) ? script(conn, line) : AnswerNormally(conn, line);

    /// <summary><see cref="Scripted"/> for one command line, on every connection.</summary>
    public static Func<FakeConnection, string, Task> ForLine(string line, Func<FakeConnection, Task> script) =>
        Scripted((_, l) => l == line, (conn, _) => script(conn));

    /// <summary><see cref="Scripted"/> for the first connection only: every line on it (or only <paramref name="line"/>
    /// when given) goes to <paramref name="script"/>; a reconnect finds a normal peer.</summary>
    public static Func<FakeConnection, string, Task> OnFirstConnection(Func<FakeConnection, string, Task> script, string? line = null) =>
        Scripted((conn, l) => conn.Index == 1 && (line is null || l == line), script);

    /// <summary><see cref="OnFirstConnection"/> that drops the first connection at the first line, before any answer
    /// byte (a TCP reset when <paramref name="reset"/>, else a clean close).</summary>
    public static Func<FakeConnection, string, Task> DropsFirstConnection(bool reset = false) =>
        OnFirstConnection((conn, _) =>
        {
            conn.Drop(reset);
            return Task.CompletedTask;
        });

    /// <summary><see cref="OnFirstConnection"/> that never answers on the first connection: each line is held for
    /// <paramref name="ms"/> milliseconds and left unanswered.</summary>
    public static Func<FakeConnection, string, Task> StallsFirstConnection(int ms) =>
        OnFirstConnection((conn, _) => conn.StallAsync(ms));

    /// <summary>A handler for a peer that dies in the middle of a pipelined batch: it answers each ';' segment with
    /// <paramref name="bodyFor"/>'s body and records it in <paramref name="received"/>, until <paramref name="answers"/>
    /// segments have been answered in all; at the next one it sends the answers gathered so far and drops the
    /// connection (a TCP reset when <paramref name="reset"/>, else a clean close).</summary>
    public static Func<FakeConnection, string, Task> DiesAfterAnswers(int answers, Func<string, string> bodyFor, ConcurrentQueue<string> received, bool reset = false)
    {
        int answered = 0;
        return async (conn, line) =>
        {
            var sb = new StringBuilder();
            foreach (var segment in SplitSegments(line))
            {
                received.Enqueue(segment);
                if (Interlocked.Increment(ref answered) > answers)
                {
                    await conn.SendAsync(sb.ToString());
                    conn.Drop(reset);
                    return;
                }
                sb.Append(Answer(bodyFor(segment)));
            }
            await conn.SendAsync(sb.ToString());
        };
    }

    /// <summary>A handler that splits the line into ';' segments (honouring '\' escapes) and answers each with
    /// <paramref name="bodyFor"/>'s body, all in one write.</summary>
    public static Func<FakeConnection, string, Task> Segments(Func<string, string> bodyFor) =>
        (conn, line) =>
        {
            var sb = new StringBuilder();
            foreach (var segment in SplitSegments(line)) sb.Append(Answer(bodyFor(segment)));
            return conn.SendAsync(sb.ToString());
        };

    /// <summary>"echo X" answers "[6]: X", "show version" answers "[6]: 3.4.7-1", "show info" the default info, anything
    /// else "Unknown command".</summary>
    public static string DefaultAnswer(string segment)
    {
        string s = segment.Trim(' ', '\t');
        if (s.StartsWith("echo ", StringComparison.Ordinal)) return "[6]: " + s.Substring(5);
        if (s == "show version") return "[6]: 3.4.7-1";
        // Like a live worker: the session's idle re-check ('show info' after RevalidateAfterIdle) finds it current.
        if (s == "show info") return DefaultInfo.TrimEnd('\n');
        if (s.Length == 0) return "";
        return $"[6]: Unknown command: '{s}', but maybe one of the following ones is a better match:\n  help           : full commands list";
    }

    public static List<string> SplitSegments(string line)
    {
        var segments = new List<string>();
        var sb = new StringBuilder();
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '\\' && i + 1 < line.Length) { sb.Append(c).Append(line[i + 1]); i++; continue; }
            if (c == ';') { segments.Add(sb.ToString()); sb.Clear(); continue; }
            sb.Append(c);
        }
        segments.Add(sb.ToString());
        return segments;
    }

    // ---- plumbing -------------------------------------------------------------------------------------------

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = _tcp != null
                    ? await _tcp.AcceptSocketAsync(_stop.Token)
                    : await _unix!.AcceptAsync(_stop.Token);
            }
            catch
            {
                return;
            }
            if (_tcp != null) socket.NoDelay = true;
            var conn = new FakeConnection(socket, Interlocked.Increment(ref _accepted), _stop.Token, n => Interlocked.Add(ref _bytesReceived, n));
            lock (_connections) _connections.Add(conn);
            _ = Task.Run(() => ServeAsync(conn));
        }
    }

    private async Task ServeAsync(FakeConnection conn)
    {
        int lineNo = 0;
        try
        {
            while (true)
            {
                string? line = await conn.ReadLineAsync();
                if (line is null) break;
                lineNo++;
                if (AutoHandshake && lineNo <= 4)
                {
                    HandshakeLines.Enqueue(line);
                    string expected = lineNo == 1 ? "prompt i" : lineNo == 2 ? "set severity-output number" : lineNo == 3 ? "show info" : "show cli level";
                    string answer = line != expected
                        ? Answer($"[6]: Unknown command: '{line}'")
                        : lineNo < 3 ? "\n" : lineNo == 3 ? Info(conn) : "[6]: " + Level + "\n\n";
                    if (HandshakeByteByByte) await conn.SendByteByByteAsync(answer);
                    else await conn.SendAsync(answer);
                    if (lineNo == 4) Interlocked.Increment(ref _handshakes);
                    continue;
                }
                Commands.Enqueue(line);
                await OnLine(conn, line);
            }
        }
        catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException)
        {
            // the client or the test closed the connection
        }
        catch (Exception ex)
        {
            Errors.Enqueue(ex);
        }
        finally
        {
            conn.Close();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _tcp?.Stop(); } catch { }
        try { _unix?.Dispose(); } catch { }
        CloseAllConnections();
        if (_unixDir != null)
        {
            try { Directory.Delete(_unixDir, true); } catch { }
        }
    }
}

/// <summary>The server side of one client connection.</summary>
internal sealed class FakeConnection
{
    private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly Action<int> _countBytes;
    private byte[] _buf = new byte[64 * 1024];
    private int _len;
    private int _closed;

    public FakeConnection(Socket socket, int index, CancellationToken serverStopping, Action<int> countBytes)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        Index = index;
        ServerStopping = serverStopping;
        _countBytes = countBytes;
    }

    /// <summary>1 for the first accepted connection, 2 for the next...</summary>
    public int Index { get; }

    public CancellationToken ServerStopping { get; }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes, 0, bytes.Length, ServerStopping);
        await _stream.FlushAsync(ServerStopping);
    }

    /// <summary>One write (and one TCP segment, NoDelay is on) per byte, with a short pause between them.</summary>
    public Task SendByteByByteAsync(string text) => SendSlowlyAsync(Encoding.UTF8.GetBytes(text), 1, 1);

    public Task SendByteByByteAsync(byte[] bytes) => SendSlowlyAsync(bytes, 1, 1);

    /// <summary>Writes <paramref name="chunkBytes"/> bytes at a time and pauses at least <paramref name="pauseMs"/> ms
    /// after each write: a lower bound on the delivery time, whatever the machine's load.</summary>
    public async Task SendSlowlyAsync(byte[] bytes, int chunkBytes, int pauseMs)
    {
        for (int offset = 0; offset < bytes.Length; offset += chunkBytes)
        {
            await _stream.WriteAsync(bytes, offset, Math.Min(chunkBytes, bytes.Length - offset), ServerStopping);
            await _stream.FlushAsync(ServerStopping);
            await Task.Delay(pauseMs, ServerStopping);
        }
    }

    /// <summary>Keeps the connection open without answering for <paramref name="ms"/> milliseconds.</summary>
    public Task StallAsync(int ms) => Task.Delay(ms, ServerStopping);

    /// <summary>Sends <paramref name="text"/> (typically part of an answer), then stalls for <paramref name="ms"/>
    /// milliseconds.</summary>
    public async Task SendThenStallAsync(string text, int ms)
    {
        await SendAsync(text);
        await StallAsync(ms);
    }

    /// <summary>Sends <paramref name="text"/> (typically part of an answer), pauses <paramref name="pauseMs"/>
    /// milliseconds so it reaches the client first, then drops the connection (see <see cref="Drop"/>).</summary>
    public async Task SendThenDropAsync(string text, int pauseMs, bool reset = false)
    {
        await SendAsync(text);
        await Task.Delay(pauseMs);
        Drop(reset);
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        try { _socket.Shutdown(SocketShutdown.Both); } catch { }
        try { _stream.Dispose(); } catch { }
        try { _socket.Dispose(); } catch { }
    }

    /// <summary>Drops the connection with a TCP RST instead of a FIN (SO_LINGER on, timeout 0): the client's next
    /// read or write fails with "connection reset" rather than seeing a clean end of stream. TCP only.</summary>
    public void Reset()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        try { _socket.LingerState = new LingerOption(true, 0); } catch { }
        try { _socket.Dispose(); } catch { }
        try { _stream.Dispose(); } catch { }
    }

    /// <summary>For tests run both ways: <see cref="Reset"/> when <paramref name="reset"/>, else <see cref="Close"/>.</summary>
    public void Drop(bool reset)
    {
        if (reset) Reset();
        else Close();
    }

    public async Task<string?> ReadLineAsync()
    {
        while (true)
        {
            int lf = Array.IndexOf(_buf, (byte)'\n', 0, _len);
            if (lf >= 0)
            {
                string line = Utf8.GetString(_buf, 0, lf);
                Buffer.BlockCopy(_buf, lf + 1, _buf, 0, _len - lf - 1);
                _len -= lf + 1;
                return line;
            }
            if (_len == _buf.Length) Array.Resize(ref _buf, _buf.Length * 2);
            int n;
            try
            {
                n = await _stream.ReadAsync(_buf, _len, _buf.Length - _len, ServerStopping);
            }
            catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException)
            {
                return null;
            }
            if (n <= 0) return null;
            _countBytes(n);
            _len += n;
        }
    }
}
