using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using HaproxyRuntime.Client.Answers;
using HaproxyRuntime.Client.Capabilities;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;
using static HaproxyRuntime.Client.Protocol.ReplyExpectations;

namespace HaproxyRuntime.Client.Requests;

/// <summary>
/// Builds every Runtime API request the module sends. Each factory validates and encodes its arguments (so bad
/// input fails before anything is sent) and says how the answer is judged.
/// </summary>
public static partial class HaproxyRequests
{
    // 3.4.0's documentation says add/del backend need experimental mode (3.4.7 no longer does, see upstream commit
    // c5686480a). Turning it on for the request alone satisfies both, and turning it off again leaves the connection
    // as it was for later commands.
    private static readonly string[] ExperimentalOn = { "experimental-mode on" };
    private static readonly string[] ExperimentalOff = { "experimental-mode off" };

    // ---- process -------------------------------------------------------------------------------------------------

    public static CliRequest<HaproxyProcessInfo> ShowInfo() =>
        new CliRequest<HaproxyProcessInfo>("show info", false, "Show process information", "process",
            (r, c) => HaproxyProcessInfo.Parse(HaproxyAnswers.Dump.Data(r, c)));

    public static CliRequest<string> ShowVersion() =>
        new CliRequest<string>("show version", false, "Show version", "process",
            (r, c) =>
            {
                // A message at info level (cli_dynmsg), or plain text where no severity output is in effect.
                if (r.Severity is not null) HaproxyAnswers.ShowVersion.Judge(r, c);
                else HaproxyAnswers.ShowVersion.Data(r, c);
                return r.Lines.Count > 0 ? r.FirstLine.Trim() : throw HaproxyErrorClassifier.ToException(r, c);
            });

    // ---- backends ------------------------------------------------------------------------------------------------

    public static CliRequest<CliDone> AddBackend(string name, string fromDefaults, string? mode = null, string? guid = null)
    {
        string n = CliArgument.Name(name, "Name");
        string text = $"add backend {n} from {CliArgument.Name(fromDefaults, "From")}";
        if (mode != null) text += " mode " + CliArgument.Word(mode.ToLowerInvariant(), "Mode");
        if (guid != null) text += " guid " + CliArgument.Word(guid, "Guid");
        return new CliRequest<CliDone>(text, true, "Add backend", n, HaproxyAnswers.AddBackend.Interpret, ExperimentalOn, ExperimentalOff).Requires(HaproxyFeature.DynamicBackends);
    }

    public static CliRequest<CliDone> RemoveBackend(string name)
    {
        string n = CliArgument.Name(name, "Name");
        return new CliRequest<CliDone>($"del backend {n}", true, "Remove backend", n, HaproxyAnswers.DelBackend.Interpret, ExperimentalOn, ExperimentalOff).Requires(HaproxyFeature.DynamicBackends);
    }

    public static CliRequest<CliDone> PublishBackend(string name)
    {
        string n = CliArgument.Name(name, "Name");
        return new CliRequest<CliDone>($"publish backend {n}", true, "Publish backend", n, HaproxyAnswers.PublishBackend.Interpret).Requires(HaproxyFeature.DynamicBackends);
    }

    public static CliRequest<CliDone> UnpublishBackend(string name)
    {
        string n = CliArgument.Name(name, "Name");
        return new CliRequest<CliDone>($"unpublish backend {n}", true, "Unpublish backend", n, HaproxyAnswers.UnpublishBackend.Interpret).Requires(HaproxyFeature.DynamicBackends);
    }

    /// <summary>Every backend with its status, from the BACKEND rows of <c>show stat</c> (unfiltered: see
    /// <see cref="GetFrontends"/> for why the type filter is not used).</summary>
    public static CliRequest<List<HaproxyBackend>> GetBackends() =>
        new CliRequest<List<HaproxyBackend>>("show stat", false, "List backends", "backends",
            (r, c) => StatCsvParser.Backends(HaproxyAnswers.ShowStat.Data(r, c)), lineParser: StatCsvParser.BackendParser);

    // ---- servers -------------------------------------------------------------------------------------------------

    public static CliRequest<CliDone> AddServer(string backend, string name, string address, int? port, AddServerOptions? options = null)
    {
        options ??= new AddServerOptions();
        string target = ServerTarget(backend, name);
        var words = new List<string> { "add server", target, FormatAddress(address, port) };
        if (options.Check) words.Add("check");
        if (options.CheckPort is int cp)
        {
            CheckPortRange(cp, "CheckPort");
            words.Add("port " + cp.ToString(CultureInfo.InvariantCulture));
        }
        if (options.Weight is int w)
        {
            if (w < 0 || w > 256) throw new HaproxyArgumentException("Weight", $"Weight {w} is outside HAProxy's range 0-256.");
            words.Add("weight " + w.ToString(CultureInfo.InvariantCulture));
        }
        if (options.InitState is HaproxyServerInitState state)
        {
            words.Add("init-state " + state switch
            {
                HaproxyServerInitState.FullyUp => "fully-up",
                HaproxyServerInitState.Up => "up",
                HaproxyServerInitState.Down => "down",
                HaproxyServerInitState.FullyDown => "fully-down",
                _ => throw new HaproxyArgumentException("InitState", $"Unknown initial state {state}."),
            });
        }
        bool initStateKeyword = false, checkKeyword = false;
        foreach (var keyword in options.Keywords)
        {
            // An element may hold "keyword value"; each word is escaped on its own so none can end the command.
            var parts = (keyword ?? string.Empty).Split(CliArgument.WordSeparators, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) throw new HaproxyArgumentException("Option", "An empty server option was given.");
            foreach (var part in parts)
            {
                initStateKeyword |= part == "init-state";
                checkKeyword |= part == "check" || part == "agent-check";
                words.Add(CliArgument.Escape(part, "Option"));
            }
        }
        if (options.InitState is HaproxyServerInitState given)
        {
            // init-state twice (the parameter and a keyword) would leave HAProxy to pick one.
            if (initStateKeyword)
            {
                throw new HaproxyArgumentException("InitState", "The initial state is given twice (InitState and an 'init-state' keyword): give it once.");
            }
            // Down waits for a check that passes: a server without one would never come up.
            if ((given == HaproxyServerInitState.Down || given == HaproxyServerInitState.FullyDown) && !options.Check && !checkKeyword)
            {
                throw new HaproxyArgumentException("InitState", $"Initial state {given} keeps the server out of service until a health check passes, and it has none: add a check (Check), or start it Up.");
            }
        }
        var request = new CliRequest<CliDone>(string.Join(" ", words), true, "Add server", target, HaproxyAnswers.AddServer.Interpret);
        // The keywords HAProxy checks itself; the one whose absence is known by version is refused before sending.
        return options.InitState != null || initStateKeyword ? request.Requires(HaproxyFeature.ServerInitState) : request;
    }

    public static CliRequest<CliDone> RemoveServer(string backend, string name)
    {
        string target = ServerTarget(backend, name);
        return new CliRequest<CliDone>($"del server {target}", true, "Remove server", target, HaproxyAnswers.DelServer.Interpret);
    }

    public static CliRequest<CliDone> EnableServer(string backend, string name) => ServerVerb("enable server", "Enable server", backend, name, HaproxyAnswers.ServerSwitch);

    public static CliRequest<CliDone> DisableServer(string backend, string name) => ServerVerb("disable server", "Disable server", backend, name, HaproxyAnswers.ServerSwitch);

    public static CliRequest<CliDone> EnableHealthCheck(string backend, string name) => ServerVerb("enable health", "Enable health check", backend, name, HaproxyAnswers.EnableHealth);

    public static CliRequest<CliDone> DisableHealthCheck(string backend, string name) => ServerVerb("disable health", "Disable health check", backend, name, HaproxyAnswers.ServerSwitch);

    public static CliRequest<CliDone> SetServerState(string backend, string name, HaproxyServerState state)
    {
        string target = ServerTarget(backend, name);
        string word = state switch
        {
            HaproxyServerState.Ready => "ready",
            HaproxyServerState.Drain => "drain",
            HaproxyServerState.Maint => "maint",
            _ => throw new HaproxyArgumentException("State", $"Unknown server state {state}."),
        };
        return new CliRequest<CliDone>($"set server {target} state {word}", true, $"Set state to {word}", target, HaproxyAnswers.SetServerState.Interpret);
    }

    /// <summary>Servers of one backend, or of all backends when <paramref name="backend"/> is null.</summary>
    public static CliRequest<List<HaproxyServer>> GetServers(string? backend = null)
    {
        string text = backend is null ? "show servers state" : "show servers state " + CliArgument.Name(backend, "Backend");
        return new CliRequest<List<HaproxyServer>>(text, false, "List servers", backend ?? "servers",
            (r, c) => ServersStateParser.Parse(HaproxyAnswers.ShowServersState.Data(r, c)), lineParser: () => new ServersStateParser());
    }

    /// <summary><c>wait &lt;delay&gt; srv-removable b/s</c>. The CLI's idle timeout also fires during a wait (and
    /// answers "Interrupted"), so the request first raises it above the delay on this connection.</summary>
    /// <param name="backend">The backend.</param>
    /// <param name="name">The server.</param>
    /// <param name="timeout">How long HAProxy waits.</param>
    /// <param name="haproxy">The connected HAProxy's version, when known: before 3.0 (no <c>wait</c>) the request is
    /// <see cref="PollServerRemovable"/>, which does the same job.</param>
    public static CliRequest<CliDone> WaitServerRemovable(string backend, string name, TimeSpan timeout, Version? haproxy = null)
    {
        if (!HaproxyCapabilities.Supports(haproxy, HaproxyFeature.WaitCommand)) return PollServerRemovable(backend, name, timeout);
        string target = ServerTarget(backend, name);
        return Wait($"srv-removable {target}", target, "Wait until server is removable", timeout, HaproxyAnswers.WaitServerRemovable).Requires(HaproxyFeature.WaitCommand);
    }

    /// <summary><c>wait &lt;delay&gt; be-removable b</c>, with the same idle-timeout guard.</summary>
    public static CliRequest<CliDone> WaitBackendRemovable(string backend, TimeSpan timeout)
    {
        string n = CliArgument.Name(backend, "Backend");
        return Wait($"be-removable {n}", n, "Wait until backend is removable", timeout, HaproxyAnswers.WaitBackendRemovable).Requires(HaproxyFeature.DynamicBackends);
    }

    private static CliRequest<CliDone> Wait(string condition, string target, string action, TimeSpan timeout, AnswerTable answers)
    {
        CheckWaitTimeout(timeout);
        long cliSeconds = (long)Math.Ceiling(timeout.TotalSeconds) + 10;
        var prelude = new[] { "set timeout cli " + cliSeconds.ToString(CultureInfo.InvariantCulture) + "s" };
        return new CliRequest<CliDone>($"wait {HaproxyDuration.ToCli(timeout)} {condition}", false, action, target,
            answers.Interpret, prelude, null, timeout);
    }

    private static void CheckWaitTimeout(TimeSpan timeout)
    {
        if (timeout < TimeSpan.Zero || timeout > TimeSpan.FromDays(1))
        {
            throw new HaproxyArgumentException("Timeout", "Timeout must be between 0 and 1 day.");
        }
    }

    private static CliRequest<CliDone> ServerVerb(string verb, string action, string backend, string name, AnswerTable answers)
    {
        string target = ServerTarget(backend, name);
        return new CliRequest<CliDone>($"{verb} {target}", true, action, target, answers.Interpret);
    }

    internal static string ServerTarget(string backend, string name) =>
        CliArgument.Name(backend, "Backend") + "/" + CliArgument.Name(name, "Name");

    private static void CheckPortRange(int port, string parameterName)
    {
        if (port < 1 || port > 65535) throw new HaproxyArgumentException(parameterName, $"{parameterName} {port} is outside 1-65535.");
    }

    /// <summary>"addr:port", with brackets around an IPv6 address so its colons are not read as the port separator.</summary>
    internal static string FormatAddress(string address, int? port)
    {
        string a = CliArgument.Word(address, "Address");
        if (IPAddress.TryParse(a, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !a.StartsWith("[", StringComparison.Ordinal))
        {
            a = "[" + a + "]";
        }
        if (port is int p)
        {
            CheckPortRange(p, "Port");
            return a + ":" + p.ToString(CultureInfo.InvariantCulture);
        }
        return a;
    }

    // ---- raw -----------------------------------------------------------------------------------------------------

    /// <summary>
    /// One command typed by the user, sent as written (the caller is responsible for HAProxy's escaping). It must be
    /// exactly one command: line breaks, NUL, unescaped ';' and commands that would change the connection's framing
    /// (prompt, quit, severity-output, level changes, a trailing '-') are refused, because they would desynchronise
    /// the session or run something else than what was asked.
    /// </summary>
    /// <summary>A read whose answer HAProxy ends without its own line end, so the blank line that should close it never
    /// comes: <c>show ssl ocsp-response base64 &lt;id&gt;</c> (3.4's ssl_ocsp.c ssl_ocsp_response_print_base64 appends the
    /// line feed to the response instead of the output). It goes on a connection of its own, framed by HAProxy closing
    /// it, like an answer with blank lines.</summary>
    private static bool EndsWithoutLineEnd(string text) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, @"^show\s+ssl\s+ocsp-response\s+base64(\s|$)");

    public static CliRequest<CliReply> Raw(string command, bool onMaster = false)
    {
        RawCommandGuard.Check(command);
        string text = command.Trim();
        bool isWrite = !RawCommandGuard.IsReadOnly(text);
        var request = new CliRequest<CliReply>(text, isWrite, onMaster ? "Invoke master command" : "Invoke command", text, (r, c) =>
        {
            Data(r, c); // any answer but an error or HAProxy's unknown-command refusal is the command's output
            return r;
        }) { FreeFormAnswer = true, AnswerHasBlankLines = EndsWithoutLineEnd(text) };
        // A master command goes to the master process on a connection of its own (HaproxySession.MasterOneShotAsync).
        return onMaster ? request.OnMaster() : request;
    }
}
