// The lab's traffic side, compiled at run time by build/HaproxyLab.psm1 (Add-Type; no project, no package):
//   LoadClient       a bounded HTTP load client for the lab's frontend: N threads, each a loop of one request per new
//                    connection ("GET <path> HTTP/1.1", "Connection: close"), counted per named phase.
//   LoopbackHttpApp  a tiny HTTP application on 127.0.0.1 that answers every request with 200 and a fixed body after
//                    a delay (a "long" request a drain must let finish).
// Loopback only: both refuse any address but 127.0.0.1 and ::1 (no name is resolved). Both are bounded: the client
// stops by itself at its deadline or request budget, the application closes itself after its lifetime, so a test that
// throws before its clean-up leaves nothing running for long. Every thread is a background thread.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace HaproxyLab
{
    internal static class Loopback
    {
        /// <summary>The address, when it is exactly 127.0.0.1 or ::1; throws for anything else (a name is never resolved).</summary>
        public static IPAddress Require(string address)
        {
            IPAddress ip;
            if (address == null || !IPAddress.TryParse(address, out ip) ||
                !(ip.Equals(IPAddress.Loopback) || ip.Equals(IPAddress.IPv6Loopback)))
            {
                throw new ArgumentException("Loopback only: '" + address + "' is not 127.0.0.1 or ::1.", "address");
            }
            return ip;
        }
    }

    /// <summary>The counts of one phase. A request belongs to the phase in force when it was sent.</summary>
    public sealed class TrafficPhase
    {
        internal readonly object Gate = new object();
        internal readonly Dictionary<int, long> StatusCounts = new Dictionary<int, long>();
        internal readonly Dictionary<string, long> BodyCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        internal readonly Dictionary<string, long> ErrorCounts = new Dictionary<string, long>(StringComparer.Ordinal);

        internal TrafficPhase(string name, DateTime started) { Name = name; Started = started; }

        public string Name { get; private set; }
        public DateTime Started { get; private set; }
        /// <summary>When the next phase began or the traffic stopped (the phase's wall time, for its rate).</summary>
        public DateTime Ended { get; internal set; }
        public long Requests { get; internal set; }
        /// <summary>Requests answered with a 2xx status.</summary>
        public long Succeeded { get; internal set; }
        /// <summary>Every request without a 2xx answer: another status, no status at all, or a timeout.</summary>
        public long Failed { get { return Requests - Succeeded; } }
        /// <summary>Requests that got no status line: refused, reset, closed before the status line, timed out.</summary>
        public long NoStatus { get; internal set; }
        public long Timeouts { get; internal set; }
        /// <summary>When the first and the last failed request of the phase were sent, from the phase's start (null: none failed).</summary>
        public TimeSpan? FirstFailureAt { get; private set; }
        public TimeSpan? LastFailureAt { get; private set; }

        internal int inFlight;
        /// <summary>Requests of this phase sent and not answered yet.</summary>
        public int InFlight { get { return Volatile.Read(ref inFlight); } }

        public TimeSpan Duration { get { return (Ended > Started ? Ended : Started) - Started; } }
        public double RequestsPerSecond { get { var s = Duration.TotalSeconds; return s > 0 ? Requests / s : 0; } }

        /// <summary>Count per status code (every status, 2xx included).</summary>
        public IDictionary<int, long> Statuses { get { lock (Gate) return new SortedDictionary<int, long>(StatusCounts); } }
        /// <summary>Count per body text of the 2xx answers (trimmed, at most 80 characters): which application answered.</summary>
        public IDictionary<string, long> Bodies { get { lock (Gate) return new SortedDictionary<string, long>(BodyCounts, StringComparer.Ordinal); } }
        /// <summary>Count per kind of request without a status: timeout, refused, reset, closed without status...</summary>
        public IDictionary<string, long> Errors { get { lock (Gate) return new SortedDictionary<string, long>(ErrorCounts, StringComparer.Ordinal); } }

        /// <summary>Non-2xx statuses as "503x12", errors as "closed without status x3", bodies as "'served by webservers' x1200".</summary>
        public override string ToString()
        {
            var parts = new List<string>();
            lock (Gate)
            {
                foreach (var s in StatusCounts.Where(p => p.Key < 200 || p.Key > 299).OrderBy(p => p.Key)) parts.Add(s.Key + "x" + s.Value);
                foreach (var e in ErrorCounts.OrderBy(p => p.Key, StringComparer.Ordinal)) parts.Add(e.Key + " x" + e.Value);
                foreach (var b in BodyCounts.OrderByDescending(p => p.Value)) parts.Add("'" + b.Key + "' x" + b.Value);
            }
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            var when = FirstFailureAt == null ? "" : string.Format(culture, " sent at {0:0.000}-{1:0.000} s", FirstFailureAt.Value.TotalSeconds, LastFailureAt.Value.TotalSeconds);
            return string.Format(culture, "{0}: {1} requests, {2} failed{3} ({4:0.0} s, {5:0}/s){6}",
                Name, Requests, Failed, when, Duration.TotalSeconds, RequestsPerSecond,
                parts.Count > 0 ? "; " + string.Join(", ", parts) : "");
        }

        internal void Add(DateTime sent, int status, string body, string error, bool timedOut)
        {
            lock (Gate)
            {
                Requests++;
                if (status < 200 || status > 299)
                {
                    var at = sent < Started ? TimeSpan.Zero : sent - Started;
                    if (FirstFailureAt == null || at < FirstFailureAt) FirstFailureAt = at;
                    if (LastFailureAt == null || at > LastFailureAt) LastFailureAt = at;
                }
                if (status > 0)
                {
                    long n; StatusCounts.TryGetValue(status, out n); StatusCounts[status] = n + 1;
                    if (status >= 200 && status <= 299)
                    {
                        Succeeded++;
                        BodyCounts.TryGetValue(body, out n); BodyCounts[body] = n + 1;
                    }
                }
                else
                {
                    NoStatus++;
                    if (timedOut) Timeouts++;
                    long n; ErrorCounts.TryGetValue(error, out n); ErrorCounts[error] = n + 1;
                }
            }
        }
    }

    /// <summary>
    /// Sends GET requests to 127.0.0.1 (or ::1) from several threads until Stop, the deadline or the request budget,
    /// whichever comes first. Each request is a new connection with "Connection: close", read to the end of the
    /// answer (the server's close, or Content-Length) within the per-request timeout.
    /// </summary>
    public sealed class LoadClient : IDisposable
    {
        private readonly IPAddress address;
        private readonly int port;
        private readonly byte[] request;
        private readonly int threadCount;
        private readonly TimeSpan duration;
        private readonly long maxRequests;
        private readonly TimeSpan requestTimeout;
        private readonly object phaseGate = new object();
        private readonly List<TrafficPhase> phases = new List<TrafficPhase>();
        private readonly List<Thread> threads = new List<Thread>();
        private TrafficPhase current;
        private long sent;
        private volatile bool stopping;
        private DateTime deadline;
        private long finishedTicks;
        private int started;

        public LoadClient(string address, int port, string path, int threads, TimeSpan duration, long maxRequests, TimeSpan requestTimeout, string phase)
        {
            this.address = Loopback.Require(address);
            if (port < 1 || port > 65535) throw new ArgumentOutOfRangeException("port");
            if (string.IsNullOrEmpty(path) || path[0] != '/' || path.Any(c => c <= ' ' || c >= 127))
                throw new ArgumentException("The path must start with '/' and hold no space, control or non-ASCII character.", "path");
            if (threads < 1 || threads > 64) throw new ArgumentOutOfRangeException("threads", "1 to 64 threads.");
            if (duration <= TimeSpan.Zero || duration > TimeSpan.FromMinutes(10)) throw new ArgumentOutOfRangeException("duration", "More than 0 and at most 10 minutes.");
            if (maxRequests < 1) throw new ArgumentOutOfRangeException("maxRequests");
            if (requestTimeout <= TimeSpan.Zero || requestTimeout > TimeSpan.FromMinutes(1)) throw new ArgumentOutOfRangeException("requestTimeout", "More than 0 and at most 1 minute.");
            this.port = port;
            Path = path;
            threadCount = threads;
            this.duration = duration;
            this.maxRequests = maxRequests;
            this.requestTimeout = requestTimeout;
            var host = this.address.AddressFamily == AddressFamily.InterNetworkV6 ? "[::1]" : "127.0.0.1";
            request = Encoding.ASCII.GetBytes("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUser-Agent: haproxylab-load\r\nConnection: close\r\n\r\n");
            current = new TrafficPhase(string.IsNullOrEmpty(phase) ? "traffic" : phase, DateTime.UtcNow);
            phases.Add(current);
        }

        public string Path { get; private set; }
        public int Port { get { return port; } }
        /// <summary>Requests sent so far, all phases.</summary>
        public long Sent { get { return Interlocked.Read(ref sent); } }
        public DateTime Deadline { get { return deadline; } }
        public bool IsRunning { get { lock (threads) return threads.Any(t => t.IsAlive); } }
        public string CurrentPhase { get { lock (phaseGate) return current.Name; } }

        public void Start()
        {
            if (Interlocked.Exchange(ref started, 1) != 0) throw new InvalidOperationException("Already started.");
            var now = DateTime.UtcNow;
            deadline = now + duration;
            lock (phaseGate) { phases.Clear(); current = new TrafficPhase(current.Name, now); phases.Add(current); }
            lock (threads)
            {
                for (int i = 0; i < threadCount; i++)
                {
                    var t = new Thread(Run) { IsBackground = true, Name = "haproxylab-load-" + i };
                    threads.Add(t);
                    t.Start();
                }
            }
        }

        /// <summary>Requests sent from now on count in a phase of this name (a new one, even if the name was used before).
        /// Returns the phase it ends.</summary>
        public TrafficPhase SetPhase(string name)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A phase needs a name.", "name");
            lock (phaseGate)
            {
                var now = DateTime.UtcNow;
                var ended = current;
                current.Ended = now;
                current = new TrafficPhase(name, now);
                phases.Add(current);
                return ended;
            }
        }

        /// <summary>Waits until the requests of an ended phase are all answered (at most the timeout): a change made
        /// after it then meets no request of that phase still on its way.</summary>
        public bool WaitForPhase(TrafficPhase phase, TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (phase.InFlight > 0)
            {
                if (DateTime.UtcNow >= until) return false;
                Thread.Sleep(1);
            }
            return true;
        }

        /// <summary>Waits until every thread has ended by itself (deadline or budget), at most the timeout.</summary>
        public bool Wait(TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            foreach (var t in Snapshot())
            {
                var left = until - DateTime.UtcNow;
                if (left < TimeSpan.Zero || !t.Join(left)) return false;
            }
            return true;
        }

        /// <summary>Sends no new request, lets those in flight end (each within its timeout) and returns the phases in order.</summary>
        public TrafficPhase[] Stop()
        {
            stopping = true;
            var limit = requestTimeout + TimeSpan.FromSeconds(2);
            foreach (var t in Snapshot()) t.Join(limit);
            lock (phaseGate)
            {
                // The last phase ends when the last thread did (deadline or budget reached before Stop), else now.
                var finished = Interlocked.Read(ref finishedTicks);
                var end = finished > 0 && !IsRunning ? new DateTime(finished, DateTimeKind.Utc) : DateTime.UtcNow;
                if (current.Ended == default(DateTime)) current.Ended = end < current.Started ? current.Started : end;
                return phases.ToArray();
            }
        }

        public TrafficPhase[] Phases { get { lock (phaseGate) return phases.ToArray(); } }

        public void Dispose() { Stop(); }

        private Thread[] Snapshot() { lock (threads) return threads.ToArray(); }

        private void Run()
        {
            try { Loop(); }
            finally
            {
                long now = DateTime.UtcNow.Ticks, seen;
                while ((seen = Interlocked.Read(ref finishedTicks)) < now && Interlocked.CompareExchange(ref finishedTicks, now, seen) != seen) { }
            }
        }

        private void Loop()
        {
            while (!stopping && DateTime.UtcNow < deadline)
            {
                if (Interlocked.Increment(ref sent) > maxRequests) { Interlocked.Decrement(ref sent); return; }
                TrafficPhase phase;
                // Counted in flight under the lock SetPhase takes: once a phase is replaced, no request joins it, and
                // the caller can wait for its last ones (see WaitForPhase).
                lock (phaseGate) { phase = current; Interlocked.Increment(ref phase.inFlight); }
                int status; string body; string error; bool timedOut;
                var sentAt = DateTime.UtcNow;
                try
                {
                    Send(out status, out body, out error, out timedOut);
                    phase.Add(sentAt, status, body, error, timedOut);
                }
                finally { Interlocked.Decrement(ref phase.inFlight); }
            }
        }

        private void Send(out int status, out string body, out string error, out bool timedOut)
        {
            status = 0; body = null; error = null; timedOut = false;
            var until = DateTime.UtcNow + requestTimeout;
            var received = new List<byte>(512);
            using (var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
            {
                try
                {
                    socket.NoDelay = true;
                    var connect = socket.BeginConnect(address, port, null, null);
                    if (!connect.AsyncWaitHandle.WaitOne(Remaining(until)))
                    {
                        timedOut = true; error = "timeout (connect)";
                        return;
                    }
                    socket.EndConnect(connect);
                    socket.SendTimeout = Remaining(until);
                    socket.Send(request);
                    var buffer = new byte[4096];
                    int headerEnd = -1;
                    long contentLength = -1;
                    while (true)
                    {
                        int left = Remaining(until);
                        if (left <= 0) { timedOut = true; break; }
                        socket.ReceiveTimeout = left;
                        int n = socket.Receive(buffer);
                        if (n == 0) break;
                        received.AddRange(buffer.Take(n));
                        if (headerEnd < 0)
                        {
                            headerEnd = IndexOfHeaderEnd(received);
                            if (headerEnd >= 0) contentLength = ContentLength(received, headerEnd);
                        }
                        // A complete answer is taken without waiting for the close (an application may keep it open).
                        if (headerEnd >= 0 && contentLength >= 0 && received.Count >= headerEnd + 4 + contentLength) break;
                    }
                }
                catch (SocketException e)
                {
                    if (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock) timedOut = true;
                    else error = SocketErrorName(e.SocketErrorCode);
                }
                catch (ObjectDisposedException) { error = "closed"; }
            }
            status = StatusOf(received);
            if (status > 0)
            {
                int headerEnd = IndexOfHeaderEnd(received);
                var text = headerEnd < 0 ? "" : Encoding.UTF8.GetString(received.Skip(headerEnd + 4).ToArray()).Trim();
                body = text.Length > 80 ? text.Substring(0, 80) : text;
                timedOut = false; error = null;   // a status line came: the request was answered
                return;
            }
            if (timedOut) error = received.Count > 0 ? "timeout (partial answer)" : "timeout";
            else if (error == null) error = received.Count > 0 ? "closed after a partial answer" : "closed without status";
        }

        private static int Remaining(DateTime until)
        {
            var ms = (until - DateTime.UtcNow).TotalMilliseconds;
            return ms <= 0 ? 0 : Math.Max(1, (int)Math.Ceiling(ms));
        }

        private static string SocketErrorName(SocketError code)
        {
            switch (code)
            {
                case SocketError.ConnectionRefused: return "refused";
                case SocketError.ConnectionReset: return "reset";
                case SocketError.ConnectionAborted: return "aborted";
                default: return "socket error " + code;
            }
        }

        private static int IndexOfHeaderEnd(List<byte> data)
        {
            for (int i = 0; i + 3 < data.Count; i++)
                if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') return i;
            return -1;
        }

        private static long ContentLength(List<byte> data, int headerEnd)
        {
            var head = Encoding.ASCII.GetString(data.Take(headerEnd).ToArray());
            foreach (var line in head.Split(new[] { "\r\n" }, StringSplitOptions.None))
            {
                int colon = line.IndexOf(':');
                long length;
                if (colon > 0 && string.Equals(line.Substring(0, colon).Trim(), "Content-Length", StringComparison.OrdinalIgnoreCase) &&
                    long.TryParse(line.Substring(colon + 1).Trim(), out length)) return length;
            }
            return -1;
        }

        /// <summary>The status of a complete status line "HTTP/1.x NNN ...", else 0.</summary>
        private static int StatusOf(List<byte> data)
        {
            int eol = -1;
            for (int i = 0; i + 1 < data.Count; i++) if (data[i] == '\r' && data[i + 1] == '\n') { eol = i; break; }
            if (eol < 12) return 0;
            var line = Encoding.ASCII.GetString(data.Take(eol).ToArray());
            int code;
            if (!line.StartsWith("HTTP/1.", StringComparison.Ordinal) || line[8] != ' ' || !int.TryParse(line.Substring(9, 3), out code)) return 0;
            return code;
        }
    }

    /// <summary>
    /// An HTTP application on a loopback port: reads each request's head, waits Delay, answers 200 with Body and
    /// "Connection: close", and closes. Connections that send nothing (a TCP health check) are simply closed. Closes
    /// itself after Lifetime.
    /// </summary>
    public sealed class LoopbackHttpApp : IDisposable
    {
        private readonly TcpListener listener;
        private readonly byte[] answer;
        private readonly TimeSpan delay;
        private readonly DateTime closesAt;
        private readonly Timer lifetimeTimer;
        private volatile bool closed;
        private long requests;
        private long answered;

        public LoopbackHttpApp(string address, int port, string body, TimeSpan delay, TimeSpan lifetime)
        {
            var ip = Loopback.Require(address);
            if (delay < TimeSpan.Zero || delay > TimeSpan.FromMinutes(1)) throw new ArgumentOutOfRangeException("delay", "0 to 1 minute.");
            if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromHours(1)) throw new ArgumentOutOfRangeException("lifetime", "More than 0 and at most 1 hour.");
            Body = body ?? "";
            this.delay = delay;
            var bytes = Encoding.UTF8.GetBytes(Body);
            answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + bytes.Length + "\r\nConnection: close\r\n\r\n")
                .Concat(bytes).ToArray();
            listener = new TcpListener(ip, port);
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            closesAt = DateTime.UtcNow + lifetime;
            lifetimeTimer = new Timer(_ => Dispose(), null, lifetime, Timeout.InfiniteTimeSpan);
            new Thread(AcceptLoop) { IsBackground = true, Name = "haproxylab-app-" + Port }.Start();
        }

        public int Port { get; private set; }
        public string Body { get; private set; }
        public TimeSpan Delay { get { return delay; } }
        public DateTime ClosesAt { get { return closesAt; } }
        public bool IsClosed { get { return closed; } }
        /// <summary>Requests whose head was read.</summary>
        public long Requests { get { return Interlocked.Read(ref requests); } }
        /// <summary>Answers written in full.</summary>
        public long Answered { get { return Interlocked.Read(ref answered); } }

        public void Dispose()
        {
            if (closed) return;
            closed = true;
            lifetimeTimer.Dispose();
            try { listener.Stop(); } catch (SocketException) { }
        }

        private void AcceptLoop()
        {
            while (!closed)
            {
                Socket client;
                try { client = listener.AcceptSocket(); }
                catch (SocketException) { return; }
                catch (ObjectDisposedException) { return; }
                catch (InvalidOperationException) { return; }
                new Thread(() => Serve(client)) { IsBackground = true }.Start();
            }
        }

        private void Serve(Socket client)
        {
            using (client)
            {
                try
                {
                    client.ReceiveTimeout = 10000;
                    var head = new List<byte>();
                    var buffer = new byte[4096];
                    while (true)
                    {
                        int n = client.Receive(buffer);
                        if (n == 0) return;   // a health check's connect and close
                        head.AddRange(buffer.Take(n));
                        int end = -1;
                        for (int i = 0; i + 3 < head.Count; i++)
                            if (head[i] == '\r' && head[i + 1] == '\n' && head[i + 2] == '\r' && head[i + 3] == '\n') { end = i; break; }
                        if (end >= 0) break;
                        if (head.Count > 65536) return;
                    }
                    Interlocked.Increment(ref requests);
                    if (delay > TimeSpan.Zero) Thread.Sleep(delay);
                    client.Send(answer);
                    Interlocked.Increment(ref answered);
                    client.Shutdown(SocketShutdown.Send);
                }
                catch (SocketException) { }
                catch (ObjectDisposedException) { }
            }
        }
    }
}
