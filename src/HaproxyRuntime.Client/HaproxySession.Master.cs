using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Capabilities;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Transport;

namespace HaproxyRuntime.Client;

/// <summary>
/// Sessions on a master CLI (<c>haproxy -W -S …</c>). The session's connection is a worker session opened through the
/// master with <c>@@&lt;worker&gt;</c> (HAProxy 3.2+): from then on it is an ordinary interactive worker connection,
/// so every request, pipelining and payload works as on a worker's own socket, and a reload (which closes every master
/// connection) moves the session to the new worker at its next command. Master commands (<c>show proc</c>,
/// <c>reload</c>) go on a short connection of their own.
/// </summary>
public sealed partial class HaproxySession
{
    private static readonly Regex WorkerTargetPattern = new Regex(@"^@?(?<t>!?[0-9]{1,10})$", RegexOptions.CultureInvariant);

    private bool _master;
    private string _workerTarget = "1";
    private HaproxySession? _parent;
    private readonly Dictionary<string, HaproxySession> _routes = new Dictionary<string, HaproxySession>(StringComparer.Ordinal);

    /// <summary>True when the endpoint is a master CLI (detected at connection): commands run on a worker reached
    /// through it (<see cref="Worker"/>), and master commands (<c>show proc</c>, <c>reload</c>) are available.</summary>
    public bool IsMaster => _master;

    /// <summary>On a master session, the worker its commands run on, as the master CLI names it: "1" (the current
    /// worker) or "!&lt;pid&gt;" (a given process, e.g. an old worker still finishing its connections). Null on a
    /// worker's own socket.</summary>
    public string? Worker => _master ? _workerTarget : null;

    /// <summary>The master process's HAProxy version (master sessions only).</summary>
    public string? MasterVersion { get; private set; }

    /// <summary>Whether worker commands can be sent through this master session: the master must be able to hold a
    /// worker session open (<c>@@</c>, HAProxy 3.2+). Always true on a worker's socket.</summary>
    public bool CanReachWorkers => !_master || HaproxyCapabilities.Supports(HaproxyCapabilities.ParseVersion(MasterVersion ?? ""), HaproxyFeature.MasterWorkerSession);

    /// <summary>The master CLI answers our worker handshake with its prompt ("master&gt; ", before 3.2 when 'prompt i'
    /// toggles the prompt on) or with its unknown-command help, which lists the master's own '@master' prefix.</summary>
    private static bool LooksLikeMasterCli(string seen) =>
        seen.StartsWith("master", StringComparison.Ordinal) && Regex.IsMatch(seen, @"^master[^\n>]*> ") ||
        Regex.IsMatch(seen, @"(?m)^\s+@master\s+:");

    /// <summary>This master session's view of another worker (see <see cref="Worker"/>): a session of its own on the
    /// same endpoint, opened (and checked) now, kept and reused for later calls, closed with this one. "1" (or this
    /// session's own worker) is this session.</summary>
    /// <exception cref="HaproxyArgumentException">Not a worker as the master CLI names one.</exception>
    /// <exception cref="HaproxyCommandException">No such process (HAProxy's answer), NotFound.</exception>
    public HaproxySession Route(string worker)
    {
        ThrowIfClosed();
        var match = WorkerTargetPattern.Match(worker?.Trim() ?? "");
        if (!match.Success)
        {
            throw new HaproxyArgumentException("Worker",
                $"'{worker}' is not a worker as the master CLI names one: give its relative number (1 is the current worker) or '!' and its PID (e.g. '!4242'), as Get-HaproxyProcess lists them.");
        }
        if (!_master)
        {
            throw new HaproxyException(
                $"{Endpoint} is a worker's stats socket, not a master CLI: it reaches only its own process. Connect to the master CLI socket (haproxy -W -S <socket>) to choose a worker.",
                HaproxyErrorKind.NotSupported);
        }
        string target = match.Groups["t"].Value;
        if (target == _workerTarget) return this;
        var root = _parent ?? this;
        if (target == root._workerTarget) return root;
        lock (root._routes)
        {
            if (root._routes.TryGetValue(target, out var known) && !known.IsClosed) return known;
        }
        var child = new HaproxySession(root, target);
        try
        {
            child._gate.Wait();
            try
            {
                child.OpenConnectionAsync(true, CancellationToken.None).GetAwaiter().GetResult();
            }
            finally
            {
                child._gate.Release();
            }
        }
        catch
        {
            child.Dispose();
            throw;
        }
        lock (root._routes)
        {
            if (root._routes.TryGetValue(target, out var raced) && !raced.IsClosed)
            {
                child.Dispose();
                return raced;
            }
            root._routes[target] = child;
        }
        return child;
    }

    /// <summary>A routed view of <paramref name="root"/> (see <see cref="Route"/>): same endpoint and limits, named
    /// "&lt;root name&gt;@&lt;worker&gt;" so objects read through it say where they came from and pipe back to it.</summary>
    private HaproxySession(HaproxySession root, string target)
    {
        Id = root.Id;
        Endpoint = root.Endpoint;
        ConnectTimeout = root.ConnectTimeout;
        CommandTimeout = root.CommandTimeout;
        RevalidateAfterIdle = root.RevalidateAfterIdle;
        _tls = root._tls;
        Name = root.Name + "@" + target;
        LoweredTo = root.LoweredTo;
        _parent = root;
        _master = true;
        _workerTarget = target;
        MasterVersion = root.MasterVersion;
    }

    /// <summary>The session a routed view came from, or null.</summary>
    public HaproxySession? Parent => _parent;

    /// <summary>Opens a master connection and turns it into a worker session: <c>show version</c> and <c>show cli
    /// level</c> ask the master itself, then <c>@@&lt;worker&gt;</c> enters the worker, where the usual handshake runs.
    /// Before 3.2 the master cannot hold a worker session: the session then stays connected to the master only.</summary>
    private async Task<CliConnection> OpenMasterConnectionAsync(bool synchronous, CancellationToken cancellationToken)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        var opening = CliConnector.OpenAsync(Endpoint, ConnectTimeout, cancellationToken, _tls);
        var connection = synchronous ? opening.GetAwaiter().GetResult() : await opening.ConfigureAwait(false);
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(CliConnector.Remaining(ConnectTimeout, elapsed));
        using var abortOnCancel = timeoutCts.Token.Register(() => connection.Abort());
        try
        {
            // The master starts interactive without a prompt: its own commands' answers end with the blank line.
            // 'operator'/'user' are the master's own keywords there: they answer nothing and lower this connection.
            await connection.SendAsync(LoweringLine + "show version\nshow cli level\n", synchronous, timeoutCts.Token).ConfigureAwait(false);
            var version = await connection.ReadReplyAsync(synchronous, null, timeoutCts.Token).ConfigureAwait(false);
            var level = await connection.ReadReplyAsync(synchronous, null, timeoutCts.Token).ConfigureAwait(false);
            if (version.IsEmpty || version.IsError || HaproxyCapabilities.ParseVersion(version.FirstLine.Trim()) is null)
            {
                throw new HaproxyProtocolException($"{Endpoint} looked like a master CLI but did not answer 'show version' as one: '{Shorten(version.Raw)}'.");
            }
            MasterVersion = version.FirstLine.Trim();
            if (!CanReachWorkers)
            {
                // No worker session to hold: the session serves master commands, on connections of their own.
                Version = MasterVersion;
                VersionNumber = HaproxyCapabilities.ParseVersion(MasterVersion);
                Level = level.IsError || level.IsEmpty ? null : level.FirstLine.Trim();
                connection.Abort();
                return Adopt(connection, keep: false);
            }
            // Entering the worker is confirmed by the worker's own answer to 'prompt i' (an empty line); a target the
            // master cannot find gets one line without a blank line after it (cli.c pcli_parse_request), and the
            // master itself then takes 'prompt i' silently. So one line tells the two apart.
            await connection.SendAsync($"@@{_workerTarget}\nprompt i\n", synchronous, timeoutCts.Token).ConfigureAwait(false);
            string? entered = await connection.ReadLineAsync(synchronous, timeoutCts.Token).ConfigureAwait(false);
            if (entered is null)
            {
                throw new HaproxyConnectionException($"The master CLI {Endpoint} closed the connection instead of opening a session on worker '{_workerTarget}'.");
            }
            if (entered.Length != 0)
            {
                if (entered.StartsWith("Can't find the target PID", StringComparison.Ordinal))
                {
                    throw new HaproxyCommandException(
                        $"No HAProxy process is worker '{_workerTarget}' on the master CLI {Endpoint} (HAProxy: {entered}). Get-HaproxyProcess lists the processes.",
                        HaproxyErrorKind.NotFound, "@@" + _workerTarget, entered);
                }
                throw new HaproxyProtocolException($"The master CLI {Endpoint} did not open a session on worker '{_workerTarget}': '{Shorten(entered)}'.");
            }
            await connection.SendAsync(LoweringLine + "set severity-output number\nshow info\nshow cli level\n", synchronous, timeoutCts.Token).ConfigureAwait(false);
            if (LoweredTo != null) CheckLowered(await connection.ReadReplyAsync(synchronous, null, timeoutCts.Token).ConfigureAwait(false));
            var severity = await connection.ReadReplyAsync(synchronous, null, timeoutCts.Token).ConfigureAwait(false);
            var info = await connection.ReadReplyAsync(synchronous, null, timeoutCts.Token).ConfigureAwait(false);
            var workerLevel = await connection.ReadReplyAsync(synchronous, null, timeoutCts.Token).ConfigureAwait(false);
            if (!severity.IsEmpty || info.IsError)
            {
                throw new HaproxyProtocolException($"Worker '{_workerTarget}' behind the master CLI {Endpoint} did not answer the handshake: '{Shorten(severity.Raw + " " + info.Raw)}'.");
            }
            var processInfo = Models.HaproxyProcessInfo.Parse(Answers.HaproxyAnswers.Dump.Data(info, Requests.HaproxyRequests.ShowInfo()));
            Version = processInfo.Version;
            VersionNumber = HaproxyCapabilities.ParseVersion(processInfo.Version);
            ProcessId = processInfo.ProcessId;
            Node = processInfo.Node;
            Level = workerLevel.IsError || workerLevel.IsEmpty ? null : workerLevel.FirstLine.Trim();
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            connection.Abort();
            cancellationToken.ThrowIfCancellationRequested();
            if (timeoutCts.IsCancellationRequested)
            {
                throw new HaproxyTimeoutException($"The master CLI {Endpoint} did not complete the handshake within {ConnectTimeout.TotalSeconds:0.###} s of connecting.", null, ex);
            }
            throw new HaproxyConnectionException($"The master CLI {Endpoint} closed the connection during the handshake: {ex.Message}", ex);
        }
        catch
        {
            connection.Abort();
            throw;
        }
        return Adopt(connection);
    }

    /// <summary>A master command (<see cref="CliRequest.ForMaster"/>) on a connection of its own: the line, then a
    /// half-close, so the master answers and closes — the framing every master command shares, <c>reload</c>
    /// included (its answer comes once the new worker started, and the reload closes the connection anyway).</summary>
    private async Task<CliReply> MasterOneShotAsync(CliRequest command, bool synchronous, CancellationToken cancellationToken)
    {
        var lines = await ExchangeOnNewConnectionAsync(command, LoweringLine + command.Line + "\n", true, synchronous, cancellationToken).ConfigureAwait(false);
        while (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines.Count == 0 ? CliReply.Empty : CliReply.FromLines(lines);
    }

    /// <summary>What a master session refuses before sending: a worker command when the master cannot reach workers,
    /// a master command on a worker's socket.</summary>
    private void CheckMasterRouting(CliRequest command)
    {
        if (command.ForMaster && !_master)
        {
            throw new HaproxyException(
                $"'{command.DisplayText}' is a master CLI command; {Endpoint} is a worker's stats socket. Connect to the master CLI socket (haproxy -W -S <socket>) for it. Nothing was sent.",
                HaproxyErrorKind.NotSupported, command.DisplayLine);
        }
        if (!command.ForMaster && !CanReachWorkers)
        {
            throw new HaproxyFeatureNotSupportedException(HaproxyFeature.MasterWorkerSession,
                HaproxyCapabilities.MinimumVersion(HaproxyFeature.MasterWorkerSession), MasterVersion ?? "unknown", command.DisplayText);
        }
    }

    private void DisposeRoutes()
    {
        List<HaproxySession> routes;
        lock (_routes)
        {
            routes = new List<HaproxySession>(_routes.Values);
            _routes.Clear();
        }
        foreach (var route in routes) route.Dispose();
    }
}
