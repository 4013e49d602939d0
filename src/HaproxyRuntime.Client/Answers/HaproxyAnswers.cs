using System.Linq;
using System.Collections.Generic;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Answers;

/// <summary>
/// The answers HAProxy 3.4 gives to the commands this client sends, one table per command form, read from HAProxy's
/// sources (the file and function are on each rule). Severities are those of <c>set severity-output number</c>:
/// 3 error (cli_err), 4 warning, 5 notice, 6 info (cli_msg). The one place that says what an answer means.
/// </summary>
public static partial class HaproxyAnswers
{
    private const int Err = 3, Warning = 4, Notice = 5;

    private static AnswerRule Ok(int? severity, string text, AnswerMatch match, string source) =>
        new AnswerRule(text, match, severity, null, source);

    private static AnswerRule No(int? severity, string text, AnswerMatch match, HaproxyErrorKind kind, string source) =>
        new AnswerRule(text, match, severity, kind, source);

    private const AnswerMatch Exact = AnswerMatch.Exact, StartsWith = AnswerMatch.StartsWith;

    /// <summary>cli_has_level(): the socket's level is below what the command needs.</summary>
    public static readonly IReadOnlyList<AnswerRule> PermissionDenied = new[]
    {
        No(Err, "Permission denied", Exact, HaproxyErrorKind.PermissionDenied, "cli.c cli_has_level"),
    };

    /// <summary>cli_find_server(): the "backend/server" argument of every per-server command.</summary>
    public static readonly IReadOnlyList<AnswerRule> ServerLookup = new[]
    {
        No(Err, "Require 'backend/server'.", Exact, HaproxyErrorKind.InvalidArgument, "server.c cli_find_server"),
        No(Err, "No such backend.", Exact, HaproxyErrorKind.NotFound, "server.c cli_find_server"),
        No(Err, "No such server.", Exact, HaproxyErrorKind.NotFound, "server.c cli_find_server"),
        No(Err, "Proxy is disabled.", Exact, HaproxyErrorKind.InvalidOperation, "server.c cli_find_server"),
    };

    private static readonly IReadOnlyList<AnswerRule> SetServerUsage = new[]
    {
        No(Err, "usage: set server <backend>/<server> ", StartsWith, HaproxyErrorKind.InvalidArgument, "server.c cli_parse_set_server"),
    };

    private static AnswerTable SetServer(string keyword, params AnswerRule[] rules) =>
        new AnswerTable("set server <b>/<s> " + keyword, true, PermissionDenied, ServerLookup, SetServerUsage, rules);

    // Port checks shared by check-port, check-addr … port, agent-port and agent-addr … port (srv_update_*_addr_port).
    private static AnswerRule[] PortRefusals(string function) => new[]
    {
        No(Warning, "provided port is not an integer", Exact, HaproxyErrorKind.InvalidArgument, "server.c " + function),
        No(Warning, "provided port is invalid", Exact, HaproxyErrorKind.InvalidArgument, "server.c " + function),
    };

    /// <summary><c>set server … state ready|drain|maint</c>: applied silently.</summary>
    public static readonly AnswerTable SetServerState = SetServer("state",
        No(Err, "'set server <srv> state' expects 'ready', 'drain' and 'maint'.", Exact, HaproxyErrorKind.InvalidArgument, "server.c cli_parse_set_server"));

    /// <summary><c>set server … health up|stopping|down</c>.</summary>
    public static readonly AnswerTable SetServerHealth = SetServer("health",
        No(Err, "cannot change health on a tracking server.", Exact, HaproxyErrorKind.InvalidOperation, "server.c cli_parse_set_server"),
        No(Err, "'set server <srv> health' expects 'up', 'stopping', or 'down'.", Exact, HaproxyErrorKind.InvalidArgument, "server.c cli_parse_set_server"));

    /// <summary><c>set server … agent up|down</c>.</summary>
    public static readonly AnswerTable SetServerAgent = SetServer("agent",
        No(Err, "agent checks are not enabled on this server.", Exact, HaproxyErrorKind.InvalidOperation, "server.c cli_parse_set_server"),
        No(Err, "'set server <srv> agent' expects 'up' or 'down'.", Exact, HaproxyErrorKind.InvalidArgument, "server.c cli_parse_set_server"));

    /// <summary><c>set server … agent-addr A [port P]</c> and <c>agent-port P</c>: applied silently; refusals are
    /// warnings (srv_update_agent_addr_port).</summary>
    public static readonly AnswerTable SetServerAgentAddress = SetServer("agent-addr|agent-port",
        new[]
        {
            No(Err, "set server <b>/<s> agent-addr requires an address and optionally a port.", Exact, HaproxyErrorKind.InvalidArgument, "server.c cli_parse_set_server"),
            No(Err, "set server <b>/<s> agent-port requires a port.", Exact, HaproxyErrorKind.InvalidArgument, "server.c cli_parse_set_server"),
            No(Warning, "agent checks are not enabled on this server", Exact, HaproxyErrorKind.InvalidOperation, "server.c srv_update_agent_addr_port"),
            No(Warning, "invalid addr '", StartsWith, HaproxyErrorKind.InvalidArgument, "server.c srv_update_agent_addr_port"),
        }.Concat(PortRefusals("srv_update_agent_addr_port")).ToArray());

    /// <summary><c>set server … check-addr A [port P]</c> and <c>check-port P</c>: applied silently; refusals are
    /// warnings (srv_update_check_addr_port).</summary>
    public static readonly AnswerTable SetServerCheckAddress = SetServer("check-addr|check-port",
        new[]
        {
            No(Err, "set server <b>/<s> check-addr requires an address and optionally a port.", Exact, HaproxyErrorKind.InvalidArgument, "server.c cli_parse_set_server"),
            No(Err, "set server <b>/<s> check-port requires a port.", Exact, HaproxyErrorKind.InvalidArgument, "server.c cli_parse_set_server"),
            No(Warning, "health checks are not enabled on this server", Exact, HaproxyErrorKind.InvalidOperation, "server.c srv_update_check_addr_port"),
            No(Warning, "invalid addr '", StartsWith, HaproxyErrorKind.InvalidArgument, "server.c srv_update_check_addr_port"),
            No(Warning, "can't unset 'port' since MAPPORTS is in use", Exact, HaproxyErrorKind.InvalidOperation, "server.c srv_update_check_addr_port"),
        }.Concat(PortRefusals("srv_update_check_addr_port")).ToArray());

    /// <summary><c>set server … addr A [port P]</c>: HAProxy reports an applied change as a warning that says what
    /// changed (server_set_inetaddr), or "nothing changed"; it applies it after answering (see ServerAddressSync).</summary>
    public static readonly AnswerTable SetServerAddress = SetServer("addr",
        No(Err, "set server <b>/<s> addr requires an address and optionally a port.", Exact, HaproxyErrorKind.InvalidArgument, "server.c cli_parse_set_server"),
        Ok(Warning, "IP changed from '", StartsWith, "server.c server_set_inetaddr"),
        Ok(Warning, "port changed from '", StartsWith, "server.c server_set_inetaddr"),
        Ok(Warning, "nothing changed", Exact, "server.c srv_update_addr_port"),
        No(Warning, "Update for the current server address family is only supported through configuration file.", Exact, HaproxyErrorKind.InvalidOperation, "server.c srv_update_addr_port"),
        No(Warning, "Invalid addr '", StartsWith, HaproxyErrorKind.InvalidArgument, "server.c srv_update_addr_port"),
        No(Warning, "Update to families other than AF_INET and AF_INET6 supported only through configuration file", Exact, HaproxyErrorKind.InvalidOperation, "server.c srv_update_addr_port"),
        No(Warning, "problem converting port '", StartsWith, HaproxyErrorKind.InvalidArgument, "server.c srv_update_addr_port"),
        No(Warning, "can't change <port> to port map ", StartsWith, HaproxyErrorKind.InvalidOperation, "server.c server_set_inetaddr"));

    /// <summary><c>set server … weight W|W%</c>: applied silently; refusals are errors
    /// (server_parse_weight_change_request).</summary>
    public static readonly AnswerTable SetServerWeight = SetServer("weight",
        No(Err, "Require <weight> or <weight%>.", Exact, HaproxyErrorKind.InvalidArgument, "server.c server_parse_weight_change_request"),
        No(Err, "Empty weight string empty or preceded by garbage", Exact, HaproxyErrorKind.InvalidArgument, "server.c server_parse_weight_change_request"),
        No(Err, "Relative weight must be positive.", Exact, HaproxyErrorKind.InvalidArgument, "server.c server_parse_weight_change_request"),
        No(Err, "Absolute weight can only be between 0 and 256 inclusive.", Exact, HaproxyErrorKind.InvalidArgument, "server.c server_parse_weight_change_request"),
        No(Err, "Trailing garbage in weight string", Exact, HaproxyErrorKind.InvalidArgument, "server.c server_parse_weight_change_request"),
        No(Err, "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.", Exact, HaproxyErrorKind.InvalidOperation, "server.c server_parse_weight_change_request"));

    /// <summary><c>set server … fqdn F</c>: HAProxy reports the change as a warning naming the server
    /// ("b/s changed its FQDN from old to new by 'stats socket command'", srv_update_fqdn).</summary>
    public static readonly AnswerTable SetServerFqdn = SetServer("fqdn",
        No(Err, "set server <b>/<s> fqdn requires a FQDN.", Exact, HaproxyErrorKind.InvalidArgument, "server.c cli_parse_set_server"),
        No(Err, "set server <b>/<s> fqdn failed because no resolution is configured.", Exact, HaproxyErrorKind.InvalidOperation, "server.c cli_parse_set_server"),
        No(Err, "set server <b>/<s> fqdn failed because SRV resolution is configured.", Exact, HaproxyErrorKind.InvalidOperation, "server.c cli_parse_set_server"),
        Ok(Warning, AnswerRule.TargetPlaceholder + " changed its FQDN from ", StartsWith, "server.c srv_update_fqdn"),
        Ok(Warning, "no need to change the FDQN", StartsWith, "server.c srv_update_fqdn"),
        No(Warning, "invalid fqdn '", StartsWith, HaproxyErrorKind.InvalidArgument, "server.c srv_update_fqdn"),
        No(Warning, "could not update " + AnswerRule.TargetPlaceholder + " FQDN", StartsWith, HaproxyErrorKind.InvalidOperation, "server.c srv_update_fqdn"));

    /// <summary><c>set server … ssl on|off</c>: applied, then a notice says so.</summary>
    public static readonly AnswerTable SetServerSsl = SetServer("ssl",
        Ok(Notice, "server ssl setting updated.", Exact, "server.c cli_parse_set_server"),
        No(Notice, "server ssl setting not supported.", Exact, HaproxyErrorKind.InvalidOperation, "server.c cli_parse_set_server (HAProxy built without OpenSSL)"),
        No(Err, "'set server <srv> ssl' not supported on dynamic servers", Exact, HaproxyErrorKind.InvalidOperation, "server.c cli_parse_set_server"),
        No(Err, "'set server <srv> ssl' cannot be set. ", StartsWith, HaproxyErrorKind.InvalidOperation, "server.c cli_parse_set_server"),
        No(Err, "failed to enable ssl for server ", StartsWith, HaproxyErrorKind.InvalidOperation, "server.c cli_parse_set_server"),
        No(Err, "failed to disable ssl for server ", StartsWith, HaproxyErrorKind.InvalidOperation, "server.c cli_parse_set_server"),
        No(Err, "'set server <srv> ssl' expects 'on' or 'off'.", Exact, HaproxyErrorKind.InvalidArgument, "server.c cli_parse_set_server"));
}
