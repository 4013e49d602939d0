using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Transport;

// Measures one scenario and prints "<name> <milliseconds>" on the last line. Invoked by bench/Invoke-Benchmark.ps1,
// which alternates scenarios and baselines and takes medians.
//
//   raw-roundtrip   <endpoint> <n>     n x "show version" on one interactive socket, waiting for each answer (floor)
//   client-roundtrip <endpoint> <n>    the same through HaproxySession.Execute
//   raw-lines       <endpoint> <file>  every command line of <file>, ';'-joined lines, pipelined (floor)
//   client-mapadd   <endpoint> <n> <map>   n "add map" commands through HaproxySession.ExecuteMany
//   raw-atomic      <endpoint> <n> <map>   prepare / n x add map @v pipelined / commit, raw
//   raw-atomic-fleet <endpoint,endpoint,...> <n> <map>   the same on every endpoint at once, one thread each (floor of
//                                      a parallel swap on several nodes: connected first, timed from the first prepare)
//   raw-readservers <endpoint>         the raw bytes of "show servers state" + "show stat" on one connection
//   raw-dump        <endpoint> <command>   the raw bytes of one dump ("show stat", "show stat typed", "show stat json")
internal static class Program
{
    private static int Main(string[] args)
    {
        string scenario = args[0];
        var endpoint = scenario == "raw-atomic-fleet" ? null! : HaproxyEndpoint.Parse(args[1]);
        int n = args.Length > 2 && int.TryParse(args[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) ? count : 0;
        string map = args.Length > 3 ? args[3] : "virt@bench.map";
        var sw = Stopwatch.StartNew();
        switch (scenario)
        {
            case "raw-roundtrip": RawRoundTrip(endpoint, n, sw); break;
            case "client-roundtrip": ClientRoundTrip(endpoint, n, sw); break;
            case "raw-lines": RawLines(endpoint, args[2], sw); break;
            case "client-mapadd": ClientMapAdd(endpoint, n, map, sw); break;
            case "raw-atomic": RawAtomic(endpoint, n, map, sw); break;
            case "raw-atomic-fleet": RawAtomicFleet(args[1].Split(',').Select(HaproxyEndpoint.Parse).ToList(), n, map, sw); break;
            case "raw-readservers": RawReadServers(endpoint, sw); break;
            case "raw-dump": RawDump(endpoint, args[2], sw); break;
            default: Console.Error.WriteLine("unknown scenario " + scenario); return 2;
        }
        Console.WriteLine($"{scenario} {sw.Elapsed.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}");
        return 0;
    }

    /// <summary>A bare interactive connection: what any client must at least pay.</summary>
    private sealed class RawConnection : IDisposable
    {
        private readonly Socket _socket;
        private readonly byte[] _buffer = new byte[1 << 20];
        private int _start, _end;

        public RawConnection(HaproxyEndpoint endpoint)
        {
            if (endpoint.Kind == HaproxyEndpointKind.Unix)
            {
                _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                _socket.Connect(new UnixDomainSocketEndPoint(endpoint.Path!));
            }
            else
            {
                _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                _socket.Connect(endpoint.Host!, endpoint.Port);
            }
            Send("prompt i\n");
            ReadAnswers(1);
        }

        public void Send(string text) => _socket.Send(Encoding.UTF8.GetBytes(text));

        /// <summary>Reads <paramref name="count"/> answers (each ends at an empty line); returns the bytes read.</summary>
        public long ReadAnswers(int count)
        {
            long total = 0;
            bool atLineStart = true;
            while (count > 0)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = _socket.Receive(_buffer);
                    if (_end <= 0) throw new InvalidOperationException("connection closed");
                    total += _end;
                }
                byte b = _buffer[_start++];
                if (b == (byte)'\n')
                {
                    if (atLineStart) count--;
                    atLineStart = true;
                }
                else atLineStart = false;
            }
            return total;
        }

        /// <summary>One short answer as text (for the few answers the floors need to look at).</summary>
        public string ReadAnswerText()
        {
            var bytes = new List<byte>();
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = _socket.Receive(_buffer);
                    if (_end <= 0) throw new InvalidOperationException("connection closed");
                }
                byte b = _buffer[_start++];
                if (b == (byte)'\n' && (bytes.Count == 0 || bytes[bytes.Count - 1] == (byte)'\n')) break;
                bytes.Add(b);
            }
            return Encoding.UTF8.GetString(bytes.ToArray()).Trim();
        }

        public void Dispose() => _socket.Dispose();
    }

    /// <summary>Untimed round trips before the timed ones, in the floor and the client alike: the scenario is the
    /// steady per-command cost, and without them the client's first calls also pay JIT compilation of its larger
    /// code path (tier-0 code), which the dozen lines of the floor barely do.</summary>
    private const int WarmUp = 300;

    private static void RawRoundTrip(HaproxyEndpoint endpoint, int n, Stopwatch sw)
    {
        using var c = new RawConnection(endpoint);
        for (int i = 0; i < WarmUp; i++)
        {
            c.Send("show version\n");
            c.ReadAnswers(1);
        }
        sw.Restart();
        for (int i = 0; i < n; i++)
        {
            c.Send("show version\n");
            c.ReadAnswers(1);
        }
    }

    private static void ClientRoundTrip(HaproxyEndpoint endpoint, int n, Stopwatch sw)
    {
        using var session = HaproxySession.Connect(endpoint);
        var command = HaproxyRequests.ShowVersion();
        for (int i = 0; i < WarmUp; i++) session.Execute(command);
        sw.Restart();
        for (int i = 0; i < n; i++) session.Execute(command);
    }

    private static IEnumerable<string> MapAddLines(int n, string map, int? version)
    {
        string prefix = version is int v ? $"add map @{v} {map} " : $"add map {map} ";
        for (int i = 0; i < n; i++) yield return prefix + "key" + i.ToString(CultureInfo.InvariantCulture) + " value\\ " + i.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The same wire shape the client uses, with no per-command objects: ';'-joined lines under 16,000
    /// bytes, written while the answers are read.</summary>
    private static void RawLines(HaproxyEndpoint endpoint, string file, Stopwatch sw)
    {
        var lines = System.IO.File.ReadAllLines(file);
        using var c = new RawConnection(endpoint);
        sw.Restart();
        RawPipelined(c, lines, lines.Length);
    }

    private static void RawPipelined(RawConnection c, IEnumerable<string> commands, int n)
    {
        var reader = System.Threading.Tasks.Task.Run(() => c.ReadAnswers(n));
        var chunk = new StringBuilder(64 * 1024);
        int line = 0;
        foreach (var command in commands)
        {
            if (line > 0 && line + 1 + command.Length < 15000) { chunk.Append(';'); line++; }
            else if (line > 0) { chunk.Append('\n'); line = 0; }
            chunk.Append(command);
            line += command.Length;
            if (chunk.Length > 60000) { c.Send(chunk.Append('\n').ToString()); chunk.Clear(); line = 0; }
        }
        if (chunk.Length > 0) c.Send(chunk.Append('\n').ToString());
        reader.GetAwaiter().GetResult();
    }

    private static void ClientMapAdd(HaproxyEndpoint endpoint, int n, string map, Stopwatch sw)
    {
        using var session = HaproxySession.Connect(endpoint);
        sw.Restart();
        var commands = Enumerable.Range(0, n).Select(i => HaproxyRequests.AddMapEntry(map, "key" + i, "value " + i)).ToList();
        var outcomes = session.ExecuteMany(commands);
        if (outcomes.Any(o => !o.Succeeded)) throw new InvalidOperationException(outcomes.First(o => !o.Succeeded).Error!.Message);
    }

    private static void RawAtomic(HaproxyEndpoint endpoint, int n, string map, Stopwatch sw)
    {
        using var c = new RawConnection(endpoint);
        sw.Restart();
        c.Send($"prepare map {map}\n");
        string answer = c.ReadAnswerText(); // "New version created: N"
        int version = int.Parse(answer.Substring(answer.LastIndexOf(' ') + 1).Trim(), CultureInfo.InvariantCulture);
        RawPipelined(c, MapAddLines(n, map, version), n);
        c.Send($"commit map @{version} {map}\n");
        c.ReadAnswers(1);
    }

    private static void RawAtomicFleet(List<HaproxyEndpoint> endpoints, int n, string map, Stopwatch sw)
    {
        var connections = endpoints.Select(e => new RawConnection(e)).ToList();
        try
        {
            using var start = new System.Threading.Barrier(connections.Count + 1);
            var threads = connections.Select(c => new System.Threading.Thread(() =>
            {
                start.SignalAndWait();
                c.Send($"prepare map {map}\n");
                string answer = c.ReadAnswerText();
                int version = int.Parse(answer.Substring(answer.LastIndexOf(' ') + 1).Trim(), CultureInfo.InvariantCulture);
                RawPipelined(c, MapAddLines(n, map, version), n);
                c.Send($"commit map @{version} {map}\n");
                c.ReadAnswers(1);
            })).ToList();
            foreach (var t in threads) t.Start();
            start.SignalAndWait();
            sw.Restart();
            foreach (var t in threads) t.Join();
        }
        finally
        {
            foreach (var c in connections) c.Dispose();
        }
    }

    private static void RawReadServers(HaproxyEndpoint endpoint, Stopwatch sw)
    {
        using var c = new RawConnection(endpoint);
        sw.Restart();
        // The same two dumps the module reads (show stat unfiltered: see HaproxyRequests.GetFrontends).
        c.Send("show servers state\nshow stat\n");
        c.ReadAnswers(2);
    }

    private static void RawDump(HaproxyEndpoint endpoint, string command, Stopwatch sw)
    {
        using var c = new RawConnection(endpoint);
        sw.Restart();
        c.Send(command + "\n");
        c.ReadAnswers(1);
    }
}
