using System;
using System.Collections.Generic;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Answers;

/// <summary>Answers of the backend and frontend commands (HAProxy 3.4 src/proxy.c, src/cli.c).</summary>
public static partial class HaproxyAnswers
{
    // be_check_for_deletion(): why a backend cannot be deleted (del backend, and wait be-removable after "Failed. ").
    // Every one of them means "not removable"; these three are what removing a backend's servers, unpublishing it and
    // waiting change, the others last as long as the configuration.
    private static readonly string[] BackendStates =
    {
        "Backend must be unpublished prior to its deletion.",
        "Only a backend without server can be deleted.",
        "Backend still has attached streams on it.",
    };

    private static AnswerRule[] BackendDeletion(string prefix, string source) => new[]
    {
        Gone(Err, prefix + "No such backend.", Exact, HaproxyObjectKind.Backend, source),
        No(Err, prefix + "Cannot delete a listen section.", Exact, HaproxyErrorKind.NotRemovable, source),
        No(Err, prefix + "Deletion of backend with deprecated dispatch/transparent options is not supported.", Exact, HaproxyErrorKind.NotRemovable, source),
        No(Err, prefix + "Cannot remove a backend with stick-table.", Exact, HaproxyErrorKind.NotRemovable, source),
        No(Err, prefix + "This proxy cannot be removed at runtime due to other configuration elements pointing to it.", Exact, HaproxyErrorKind.NotRemovable, source),
        No(Err, prefix + "Only TCP or HTTP proxies can be removed at runtime.", Exact, HaproxyErrorKind.NotRemovable, source),
        No(Err, prefix + BackendStates[0], Exact, HaproxyErrorKind.NotRemovable, source),
        No(Err, prefix + BackendStates[1], Exact, HaproxyErrorKind.NotRemovable, source),
        No(Err, prefix + BackendStates[2], Exact, HaproxyErrorKind.NotRemovable, source),
    };

    /// <summary>Whether a <c>wait … be-removable</c> answer says the backend can never be deleted at run time (a listen
    /// section, a referenced proxy, a stick-table…), rather than not yet (published, has servers or streams).</summary>
    /// <param name="response">HAProxy's answer as a refusal keeps it (<see cref="HaproxyCommandException.Response"/>).</param>
    /// <param name="request">The <c>wait … be-removable</c> request it answered.</param>
    public static bool BackendNeverRemovable(string response, CliRequest request)
    {
        var rule = WaitBackendRemovable.Find(CliReply.FromLines(new List<string>(response.Split('\n'))), request);
        if (rule is null || rule.Refusal != HaproxyErrorKind.NotRemovable || !rule.Text.StartsWith("Failed. ", StringComparison.Ordinal)) return false;
        foreach (var state in BackendStates)
        {
            if (rule.Text.EndsWith(state, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    /// <summary><c>wait &lt;delay&gt; be-removable b</c>: "Done." when the backend became removable; the reason after
    /// "Failed." (never satisfiable without another change) or "Wait delay expired." (still has streams).</summary>
    public static readonly AnswerTable WaitBackendRemovable = new AnswerTable("wait <delay> be-removable", false, Shared.PermissionDenied, Shared.UnknownCommand, WaitCommand(),
        BackendDeletion("Failed. ", "cli.c cli_io_handler_wait, proxy.c be_check_for_deletion"), new[]
        {
            No(Err, "Missing backend name.", Exact, HaproxyErrorKind.InvalidArgument, "cli.c cli_parse_wait"),
            No(Err, "Wait delay expired. ", StartsWith, HaproxyErrorKind.Timeout, "cli.c cli_io_handler_wait"),
        });

    /// <summary><c>del backend</c>: "Backend deleted." at info level (after any notice HAProxy collected).</summary>
    public static readonly AnswerTable DelBackend = new AnswerTable("del backend", false, Shared.PermissionDenied, Shared.UnknownCommand,
        BackendDeletion(string.Empty, "proxy.c be_check_for_deletion"), new[]
        {
            Ok(Info, "Backend deleted.", AnswerMatch.LastLine, "proxy.c cli_parse_delete_backend"),
            No(Err, "Usage: del backend <name>.", Exact, HaproxyErrorKind.InvalidArgument, "proxy.c cli_parse_delete_backend"),
            // del backend prints HAProxy's per-thread message buffer, which it does not clear first: notices of other
            // objects come before "Backend deleted.", and when that 1,024-byte buffer is full the line itself is
            // dropped. Only the success path prints at info level (an unknown command is matched above).
            Ok(Info, string.Empty, StartsWith, "proxy.c cli_parse_delete_backend (cli_umsg of a full message buffer)"),
        });

    /// <summary><c>add backend … from …</c>: "New backend registered." (or "New backend registered (no support for
    /// dynamic servers: …)." when the defaults' balance algorithm has none) as the last line at info level.</summary>
    public static readonly AnswerTable AddBackend = new AnswerTable("add backend", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        Ok(Info, "New backend registered.", AnswerMatch.LastLine, "proxy.c cli_parse_add_backend"),
        Ok(Info, "New backend registered (no support for dynamic servers: ", AnswerMatch.LastLineStartsWith, "proxy.c cli_parse_add_backend"),
        No(Err, "Require backend name.", Exact, HaproxyErrorKind.InvalidArgument, "proxy.c cli_parse_add_backend"),
        No(Err, "Invalid character '", StartsWith, HaproxyErrorKind.InvalidArgument, "proxy.c cli_parse_add_backend"),
        No(Err, "Usage: add backend ", StartsWith, HaproxyErrorKind.InvalidArgument, "proxy.c cli_parse_add_backend"),
        No(Err, "Unknown proxy mode.", Exact, HaproxyErrorKind.InvalidArgument, "proxy.c cli_parse_add_backend"),
        No(Err, "Dynamic backends are compatible with only TCP or HTTP mode.", Exact, HaproxyErrorKind.InvalidArgument, "proxy.c cli_parse_add_backend"),
        No(Err, "Cannot find default proxy '", StartsWith, HaproxyErrorKind.NotFound, "proxy.c cli_parse_add_backend"),
        No(Err, "Mode is required as '", StartsWith, HaproxyErrorKind.InvalidArgument, "proxy.c cli_parse_add_backend"),
        No(Err, "Dynamic backends only support TCP or HTTP mode, whereas default proxy '", StartsWith, HaproxyErrorKind.InvalidOperation, "proxy.c cli_parse_add_backend"),
        No(Err, "Error during backend creation : name is already used by other proxy '", StartsWith, HaproxyErrorKind.AlreadyExists, "proxy.c cli_parse_add_backend"),
        No(Err, "Error during backend creation : GUID insertion : duplicate entry", StartsWith, HaproxyErrorKind.AlreadyExists, "guid.c guid_insert"),
        No(Err, "Error during backend creation : GUID insertion : invalid ", StartsWith, HaproxyErrorKind.InvalidArgument, "guid.c guid_insert"),
        No(Err, "Error during backend creation : backend or defaults sections cannot inherit ", StartsWith, HaproxyErrorKind.InvalidOperation, "proxy.c proxy_ref_defaults"),
        No(Err, "Error during backend creation : frontends and backends cannot inherit ", StartsWith, HaproxyErrorKind.InvalidOperation, "proxy.c proxy_ref_defaults"),
        No(Err, "Error during backend creation : a backend section cannot inherit ", StartsWith, HaproxyErrorKind.InvalidOperation, "proxy.c proxy_ref_defaults"),
    });

    private static AnswerTable Publication(string command, string success) => new AnswerTable(command, false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        // Also the answer when the backend already was in that state.
        Ok(Info, success, Exact, "proxy.c cli_parse_" + command.Replace(' ', '_')),
        Gone(Err, "No such backend.", Exact, HaproxyObjectKind.Backend, "proxy.c cli_find_backend"),
        No(Err, "No effect on a disabled backend.", Exact, HaproxyErrorKind.InvalidOperation, "proxy.c"),
    });

    /// <summary><c>publish backend</c>.</summary>
    public static readonly AnswerTable PublishBackend = Publication("publish backend", "Backend published.");

    /// <summary><c>unpublish backend</c>.</summary>
    public static readonly AnswerTable UnpublishBackend = Publication("unpublish backend", "Backend unpublished.");

    private static AnswerRule[] FrontendLookup() => new[]
    {
        No(Err, "A frontend name is expected.", Exact, HaproxyErrorKind.InvalidArgument, "proxy.c cli_find_frontend"),
        Gone(Err, "No such frontend.", Exact, HaproxyObjectKind.Frontend, "proxy.c cli_find_frontend"),
    };

    /// <summary><c>enable frontend</c> and <c>disable frontend</c>: applied silently; a frontend already in that
    /// state answers a notice and the state holds (success).</summary>
    public static readonly AnswerTable FrontendSwitch = new AnswerTable("enable|disable frontend", true, Shared.PermissionDenied, Shared.UnknownCommand, FrontendLookup(), new[]
    {
        Ok(Notice, "All sockets are already enabled.", Exact, "proxy.c cli_parse_enable_frontend"),
        Ok(Notice, "All sockets are already disabled.", Exact, "proxy.c cli_parse_disable_frontend"),
        No(Notice, "Frontend was previously shut down, cannot disable.", Exact, HaproxyErrorKind.InvalidOperation, "proxy.c cli_parse_disable_frontend"),
        No(Err, "Frontend was previously shut down, cannot enable.", Exact, HaproxyErrorKind.InvalidOperation, "proxy.c cli_parse_enable_frontend"),
        No(Err, "Failed to pause frontend, ", StartsWith, HaproxyErrorKind.InvalidOperation, "proxy.c cli_parse_disable_frontend"),
        No(Err, "Failed to resume frontend, ", StartsWith, HaproxyErrorKind.InvalidOperation, "proxy.c cli_parse_enable_frontend"),
    });

    /// <summary><c>shutdown frontend</c>: the listeners are closed silently (stop_proxy); a frontend already stopped
    /// (by an earlier shutdown, or disabled in the configuration) answers a notice, and its state is the one asked for.</summary>
    public static readonly AnswerTable ShutdownFrontend = new AnswerTable("shutdown frontend", true, Shared.PermissionDenied, Shared.UnknownCommand, FrontendLookup(), new[]
    {
        Ok(Notice, "Frontend was already shut down.", Exact, "proxy.c cli_parse_shutdown_frontend"),
    });

    private static AnswerRule[] BackendLookup() => new[]
    {
        No(Err, "A backend name is expected.", Exact, HaproxyErrorKind.InvalidArgument, "proxy.c cli_find_backend"),
        Gone(Err, "No such backend.", Exact, HaproxyObjectKind.Backend, "proxy.c cli_find_backend"),
    };

    // From 3.0 the dynamic-cookie commands refuse a backend whose mode is neither tcp nor http (2.6 has no such check).
    private static AnswerRule NotTcpOrHttp(string function) =>
        No(Err, "Not available.", Exact, HaproxyErrorKind.InvalidOperation, "proxy.c " + function);

    /// <summary><c>enable dynamic-cookie backend</c> and <c>disable dynamic-cookie backend</c>: applied silently, also
    /// on a backend without a <c>cookie … dynamic</c> setting (the flag is set, but no cookie is inserted without a
    /// cookie name; servers get a cookie value only once a key is set too).</summary>
    public static readonly AnswerTable DynamicCookie = new AnswerTable("enable|disable dynamic-cookie backend", true, Shared.PermissionDenied, Shared.UnknownCommand, BackendLookup(), new[]
    {
        NotTcpOrHttp("cli_parse_enable_dyncookie_backend, cli_parse_disable_dyncookie_backend"),
    });

    /// <summary><c>set dynamic-cookie-key backend</c>: applied silently; every server's cookie is computed again at once
    /// when dynamic cookies are enabled.</summary>
    public static readonly AnswerTable SetDynamicCookieKey = new AnswerTable("set dynamic-cookie-key backend", true, Shared.PermissionDenied, Shared.UnknownCommand, BackendLookup(), new[]
    {
        NotTcpOrHttp("cli_parse_set_dyncookie_key_backend"),
        No(Err, "String value expected.", Exact, HaproxyErrorKind.InvalidArgument, "proxy.c cli_parse_set_dyncookie_key_backend"),
        No(Err, "Failed to allocate memory.", Exact, HaproxyErrorKind.Unknown, "proxy.c cli_parse_set_dyncookie_key_backend"),
    });

    /// <summary><c>set maxconn frontend</c>.</summary>
    public static readonly AnswerTable SetFrontendMaxConn = new AnswerTable("set maxconn frontend", true, Shared.PermissionDenied, Shared.UnknownCommand, FrontendLookup(), new[]
    {
        No(Err, "Integer value expected.", Exact, HaproxyErrorKind.InvalidArgument, "proxy.c cli_parse_set_maxconn_frontend"),
        No(Err, "Value out of range.", Exact, HaproxyErrorKind.InvalidArgument, "proxy.c cli_parse_set_maxconn_frontend"),
    });

    /// <summary><c>set maxconn global</c> and <c>set rate-limit … global</c>.</summary>
    public static readonly AnswerTable SetGlobalLimit = new AnswerTable("set maxconn global, set rate-limit", true, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        No(Err, "Expects an integer value.", Exact, HaproxyErrorKind.InvalidArgument, "cli.c cli_parse_set_maxconn_global, cli_parse_set_ratelimit"),
        No(Err, "Value out of range.", Exact, HaproxyErrorKind.InvalidArgument, "cli.c cli_parse_set_maxconn_global, cli_parse_set_ratelimit"),
        No(Err, "'set rate-limit' only supports :", StartsWith, HaproxyErrorKind.InvalidArgument, "cli.c cli_parse_set_ratelimit"),
    });

    /// <summary>The connection set-up a request carries before or after its command: <c>experimental-mode on|off</c>
    /// and <c>set timeout cli</c> answer nothing when applied.</summary>
    public static readonly AnswerTable SessionSetting = new AnswerTable("experimental-mode, set timeout cli", true, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        No(Err, "Expects an integer value.", Exact, HaproxyErrorKind.InvalidArgument, "cli.c cli_parse_set_timeout"),
        No(Err, "Invalid timeout value.", Exact, HaproxyErrorKind.InvalidArgument, "cli.c cli_parse_set_timeout"),
    });

    /// <summary><c>show stat</c>: a CSV dump, or one of these refusals.</summary>
    public static readonly AnswerTable ShowStat = new AnswerTable("show stat", false, Shared.UnknownCommand, new[]
    {
        No(Err, "Invalid statistics domain.", Exact, HaproxyErrorKind.InvalidArgument, "stats.c cli_parse_show_stat"),
        Gone(Err, "No such proxy.", Exact, HaproxyObjectKind.Proxy, "stats.c cli_parse_show_stat"),
    });

    /// <summary><c>clear counters [all]</c>: nothing when done; the level check (operator, admin for "all") is the only
    /// refusal (stats.c cli_parse_clear_counters, the same in 2.6).</summary>
    public static readonly AnswerTable ClearCounters = new AnswerTable("clear counters", true, Shared.PermissionDenied, Shared.UnknownCommand);

    /// <summary><c>show info</c> and other dumps that refuse nothing but an unknown command.</summary>
    public static readonly AnswerTable Dump = new AnswerTable("show info", false, Shared.UnknownCommand);

    /// <summary><c>show version</c>: the version as a message at info level (cli.c cli_parse_show_version).</summary>
    public static readonly AnswerTable ShowVersion = new AnswerTable("show version", false, Shared.UnknownCommand, new[]
    {
        Ok(Info, string.Empty, StartsWith, "cli.c cli_parse_show_version"),
    });
}
