using System.Collections.Generic;
using System.Linq;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Answers;

/// <summary>Answers of the per-server commands (HAProxy 3.4 src/server.c, src/cli.c, src/stream.c, src/proxy.c).</summary>
public static partial class HaproxyAnswers
{
    private static AnswerRule[] SetServerUsage() => new[]
    {
        No(Err, "usage: set server <backend>/<server> ", StartsWith, HaproxyErrorKind.InvalidArgument, "server.c cli_parse_set_server"),
    };

    private static AnswerTable SetServer(string keyword, params AnswerRule[] rules) =>
        new AnswerTable("set server <b>/<s> " + keyword, true, Shared.PermissionDenied, Shared.UnknownCommand, Shared.ServerLookup, SetServerUsage(), rules);

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

    /// <summary><c>set server … agent-send S</c>: applied silently (the string the agent check sends from its next
    /// check on, set_srv_agent_send); refused on a server without an agent check.</summary>
    public static readonly AnswerTable SetServerAgentSend = SetServer("agent-send",
        No(Err, "agent checks are not enabled on this server.", Exact, HaproxyErrorKind.InvalidOperation, "server.c cli_parse_set_server"),
        No(Err, "cannot allocate memory for new string.", Exact, HaproxyErrorKind.Unknown, "server.c cli_parse_set_server"));

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
        No(Warning, "can't change <port> to port map ", StartsWith, HaproxyErrorKind.InvalidOperation, "server.c server_set_inetaddr"),
        // 2.6 reports the address and the port parts one after the other, then " by '<updater>'" (2.6.12: "no need to
        // change the addr by 'stats socket command'" where 3.x says "nothing changed"); it applies the change at once.
        No(Warning, "no need to change the addr, problem converting port '", StartsWith, HaproxyErrorKind.InvalidArgument, "2.6 server.c srv_update_addr_port"),
        No(Warning, "no need to change the addr, can't change <port> to port map ", StartsWith, HaproxyErrorKind.InvalidOperation, "2.6 server.c srv_update_addr_port"),
        Ok(Warning, "no need to change the addr by '", StartsWith, "2.6 server.c srv_update_addr_port"),
        Ok(Warning, "no need to change the addr, no need to change the port by '", StartsWith, "2.6 server.c srv_update_addr_port"),
        Ok(Warning, "no need to change the addr, port changed from '", StartsWith, "2.6 server.c srv_update_addr_port"),
        No(Warning, "Update for the current server address family is only supported through configuration file by '", StartsWith, HaproxyErrorKind.InvalidOperation, "2.6 server.c srv_update_addr_port"),
        No(Warning, "Update to families other than AF_INET and AF_INET6 supported only through configuration file by '", StartsWith, HaproxyErrorKind.InvalidOperation, "2.6 server.c srv_update_addr_port"));

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

    private static AnswerTable PerServer(string command, params AnswerRule[] rules) =>
        new AnswerTable(command, true, Shared.PermissionDenied, Shared.UnknownCommand, Shared.ServerLookup, rules);

    /// <summary><c>enable server</c>, <c>disable server</c>, <c>disable health</c>, <c>disable agent</c> and
    /// <c>shutdown sessions server</c>: applied silently (disabling a check that is not configured is a no-op).</summary>
    public static readonly AnswerTable ServerSwitch = PerServer("enable|disable server, disable health|agent, shutdown sessions server");

    /// <summary><c>enable health</c>.</summary>
    public static readonly AnswerTable EnableHealth = PerServer("enable health",
        No(Err, "Health check was not configured on this server, cannot enable.", Exact, HaproxyErrorKind.InvalidOperation, "server.c cli_parse_enable_health"));

    /// <summary><c>enable agent</c>.</summary>
    public static readonly AnswerTable EnableAgent = PerServer("enable agent",
        No(Err, "Agent was not configured on this server, cannot enable.", Exact, HaproxyErrorKind.InvalidOperation, "server.c cli_parse_enable_agent"));

    /// <summary><c>set maxconn server</c> (server_parse_maxconn_change_request).</summary>
    public static readonly AnswerTable SetServerMaxConn = PerServer("set maxconn server",
        No(Err, "Require <maxconn>.", Exact, HaproxyErrorKind.InvalidArgument, "server.c server_parse_maxconn_change_request"),
        No(Err, "maxconn string empty or preceded by garbage", Exact, HaproxyErrorKind.InvalidArgument, "server.c server_parse_maxconn_change_request"),
        No(Err, "Trailing garbage in maxconn string", Exact, HaproxyErrorKind.InvalidArgument, "server.c server_parse_maxconn_change_request"));

    // srv_check_for_deletion(): why a server cannot be deleted (del server, and wait srv-removable after "Failed. ").
    private const string ReferencedServer = "This server cannot be removed at runtime due to other configuration elements pointing to it.";
    private const string ServerNotInMaint = "Only servers in maintenance mode can be deleted.";
    private const string ServerBusy = "Server still has connections attached to it, cannot remove it.";

    /// <summary><c>del server</c>: "Server deleted." at info level.</summary>
    public static readonly AnswerTable DelServer = new AnswerTable("del server", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        Ok(Info, "Server deleted.", Exact, "server.c cli_parse_delete_server"),
        No(Err, "Require 'backend/server'.", Exact, HaproxyErrorKind.InvalidArgument, "server.c cli_parse_delete_server"),
        Gone(Err, "No such backend.", Exact, HaproxyObjectKind.Backend, "server.c srv_check_for_deletion"),
        Gone(Err, "No such server.", Exact, HaproxyObjectKind.Server, "server.c srv_check_for_deletion"),
        No(Err, ReferencedServer, Exact, HaproxyErrorKind.NotRemovable, "server.c srv_check_for_deletion"),
        No(Err, ServerNotInMaint, Exact, HaproxyErrorKind.NotRemovable, "server.c srv_check_for_deletion"),
        No(Err, ServerBusy, Exact, HaproxyErrorKind.NotRemovable, "server.c srv_check_for_deletion"),
    });

    /// <summary>The <c>wait</c> command's own refusals (cli.c cli_parse_wait), for every condition.</summary>
    private static AnswerRule[] WaitCommand() => new[]
    {
        Ok(Info, "Done.", Exact, "cli.c cli_io_handler_wait"),
        No(Err, "Expects a duration in milliseconds.", Exact, HaproxyErrorKind.InvalidArgument, "cli.c cli_parse_wait"),
        No(Err, "Invalid duration.", Exact, HaproxyErrorKind.InvalidArgument, "cli.c cli_parse_wait"),
        No(Err, "Usage: wait ", StartsWith, HaproxyErrorKind.InvalidArgument, "cli.c cli_parse_wait (a condition this version does not know)"),
        // The client closed its write side while waiting (the module never does): HAProxy gave up before the delay.
        No(Err, "Interrupted. ", StartsWith, HaproxyErrorKind.Timeout, "cli.c cli_io_handler_wait"),
    };

    /// <summary><c>wait &lt;delay&gt; srv-removable b/s</c>: "Done." when the server became removable; the reason
    /// after "Failed." (never satisfiable) or "Wait delay expired." (still busy at the deadline).</summary>
    public static readonly AnswerTable WaitServerRemovable = new AnswerTable("wait <delay> srv-removable", false, Shared.PermissionDenied, Shared.UnknownCommand, WaitCommand(), new[]
    {
        No(Err, "Missing server name (<backend>/<server>).", Exact, HaproxyErrorKind.InvalidArgument, "cli.c cli_parse_wait"),
        No(Err, "Require 'backend/server'.", Exact, HaproxyErrorKind.InvalidArgument, "cli.c cli_parse_wait"),
        Gone(Err, "Failed. No such backend.", Exact, HaproxyObjectKind.Backend, "cli.c cli_io_handler_wait, server.c srv_check_for_deletion"),
        Gone(Err, "Failed. No such server.", Exact, HaproxyObjectKind.Server, "cli.c cli_io_handler_wait, server.c srv_check_for_deletion"),
        No(Err, "Failed. " + ReferencedServer, Exact, HaproxyErrorKind.NotRemovable, "cli.c cli_io_handler_wait, server.c srv_check_for_deletion"),
        No(Err, "Failed. " + ServerNotInMaint, Exact, HaproxyErrorKind.NotRemovable, "cli.c cli_io_handler_wait, server.c srv_check_for_deletion"),
        No(Err, "Wait delay expired. ", StartsWith, HaproxyErrorKind.Timeout, "cli.c cli_io_handler_wait"),
        // 3.0 and 3.2 drop the reason (they never keep srv_check_for_deletion's message): "Failed." alone, verified on
        // 3.0.11 and 3.2.26 for a server not in maintenance and for a missing server or backend. It stands for any of
        // 3.4's reasons after "Failed. ": waiting cannot help, and most mean not removable (a missing one reads so too).
        No(Err, "Failed.", Exact, HaproxyErrorKind.NotRemovable, "3.0, 3.2 cli.c cli_release_wait, server.c srv_check_for_deletion"),
        No(Err, "Wait delay expired.", Exact, HaproxyErrorKind.Timeout, "3.0, 3.2 cli.c cli_release_wait"),
        No(Err, "Interrupted.", Exact, HaproxyErrorKind.Timeout, "3.0, 3.2 cli.c cli_release_wait"),
    });

    /// <summary><c>add server</c>: success is "New server registered." as the last line at info level, after any
    /// warning HAProxy's keyword parsers printed. Refusals: the first line says why (parser texts not listed here are
    /// refusals by their error severity).</summary>
    public static readonly AnswerTable AddServer = new AnswerTable("add server", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        Ok(Info, "New server registered.", AnswerMatch.LastLine, "server.c cli_parse_add_server"),
        No(Err, "Require 'backend/server'.", Exact, HaproxyErrorKind.InvalidArgument, "server.c cli_parse_add_server"),
        Gone(Err, "No such backend.", Exact, HaproxyObjectKind.Backend, "server.c cli_parse_add_server"),
        No(Err, "Backend does not support dynamic servers : ", StartsWith, HaproxyErrorKind.InvalidOperation, "server.c cli_parse_add_server, backend.c be_supports_dynamic_srv"),
        No(Err, "Already exists a server with the same name in backend.", Exact, HaproxyErrorKind.AlreadyExists, "server.c cli_parse_add_server"),
        No(Err, "'server' expects <name> and <addr>[:<port>] as arguments.", Exact, HaproxyErrorKind.InvalidArgument, "server.c _srv_parse_init"),
        No(Err, "character '", StartsWith, HaproxyErrorKind.InvalidArgument, "server.c _srv_parse_init (name)"),
        No(Err, "unknown keyword '", StartsWith, HaproxyErrorKind.InvalidArgument, "server.c _srv_parse_kw"),
        No(Err, "Can't create DNS resolution for server '", StartsWith, HaproxyErrorKind.InvalidOperation, "server.c _srv_parse_init"),
        No(Err, "QUIC is experimental for server '", StartsWith, HaproxyErrorKind.InvalidOperation, "server.c _srv_parse_init"),
        No(Err, "unable to enable checks and tracking at the same time!", Exact, HaproxyErrorKind.InvalidArgument, "server.c _srv_parse_finalize"),
        No(Err, "unable to set init-state and tracking at the same time!", Exact, HaproxyErrorKind.InvalidArgument, "server.c _srv_parse_finalize"),
        No(Err, "unable to find required proxy '", StartsWith, HaproxyErrorKind.NotFound, "server.c srv_apply_track"),
        No(Err, "unable to find required server '", StartsWith, HaproxyErrorKind.NotFound, "server.c srv_apply_track"),
        No(Err, "unable to use ", StartsWith, HaproxyErrorKind.InvalidOperation, "server.c srv_apply_track (dynamic or unchecked tracked server)"),
        No(Err, "Cannot attach server : no id left in proxy", Exact, HaproxyErrorKind.InvalidOperation, "server.c cli_parse_add_server"),
        // Before 3.4, "Backend does not support dynamic servers : <why>." was one sentence per reason.
        No(Err, "Backend must use a dynamic load balancing to support dynamic servers.", Exact, HaproxyErrorKind.InvalidOperation, "2.6, 3.0, 3.2 server.c cli_parse_add_server"),
        // Sent with a leading space (" Dynamic servers …"): a rule matches the trimmed line.
        No(Err, "Dynamic servers cannot be used with log backends.", Exact, HaproxyErrorKind.InvalidOperation, "3.0, 3.2 server.c cli_parse_add_server"),
    });

    /// <summary><c>show servers state [&lt;backend&gt;]</c>: a dump, or this refusal.</summary>
    public static readonly AnswerTable ShowServersState = new AnswerTable("show servers state", false, Shared.UnknownCommand, new[]
    {
        Gone(Err, "Can't find backend.", Exact, HaproxyObjectKind.Backend, "proxy.c cli_parse_show_servers"),
    });

    /// <summary><c>get weight b/s</c>: "N (initial M)", or a lookup refusal.</summary>
    public static readonly AnswerTable GetWeight = new AnswerTable("get weight", false, Shared.UnknownCommand, Shared.ServerLookup);
}
