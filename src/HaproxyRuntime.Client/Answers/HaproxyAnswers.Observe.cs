using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Answers;

/// <summary>The observation commands: <c>show resolvers</c>, <c>show peers</c>, <c>show cache</c>, <c>get var</c>,
/// <c>set var</c>.</summary>
public static partial class HaproxyAnswers
{
    /// <summary><c>show resolvers [&lt;section&gt;]</c>: a dump; "No resolvers found" is data (no section at all).</summary>
    public static readonly AnswerTable ShowResolvers = new AnswerTable("show resolvers", false, Shared.UnknownCommand, new[]
    {
        No(Err, "Can't find that resolvers section", Exact, HaproxyErrorKind.NotFound, "resolvers.c cli_parse_stat_resolvers"),
    });

    /// <summary><c>show peers [dict|-] [&lt;section&gt;]</c>: a dump, or no such section.</summary>
    public static readonly AnswerTable ShowPeers = new AnswerTable("show peers", false, Shared.UnknownCommand, new[]
    {
        No(Err, "No such peers", Exact, HaproxyErrorKind.NotFound, "peers.c cli_parse_show_peers"),
    });

    /// <summary><c>show cache</c>: a dump. Below admin level HAProxy prints nothing at all (cache.c
    /// cli_parse_show_cache returns without a message), which reads as "no cache".</summary>
    public static readonly AnswerTable ShowCache = new AnswerTable("show cache", false, Shared.PermissionDenied, Shared.UnknownCommand);

    /// <summary><c>get var &lt;name&gt;</c>: the variable at info level, or one of these refusals.</summary>
    public static readonly AnswerTable GetVar = new AnswerTable("get var", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        No(Err, "Missing process-wide variable identifier.", Exact, HaproxyErrorKind.InvalidArgument, "vars.c vars_parse_cli_get_var"),
        No(Err, "Variable not found.", Exact, HaproxyErrorKind.NotFound, "vars.c vars_parse_cli_get_var"),
    });

    /// <summary><c>set var &lt;name&gt; expr|fmt &lt;value&gt;</c>: nothing when set; the parser's refusals come through
    /// cli_dynerr with the expression parser's own words (classified as invalid arguments).</summary>
    public static readonly AnswerTable SetVar = new AnswerTable("set var", true, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        No(Err, "This command is restricted to experimental mode only.", Exact, HaproxyErrorKind.PermissionDenied, "cli.c cli_process_cmdline"),
        No(Err, "Missing process-wide variable identifier.", Exact, HaproxyErrorKind.InvalidArgument, "vars.c vars_parse_cli_set_var"),
        No(Err, "Missing either 'expr', 'fmt' or expression.", Exact, HaproxyErrorKind.InvalidArgument, "vars.c vars_parse_cli_set_var"),
        No(Err, "'set var': arg type must be either 'expr' or 'fmt'", StartsWith, HaproxyErrorKind.InvalidArgument, "vars.c vars_parse_cli_set_var"),
        No(Err, "'set var': cannot set variable '", StartsWith, HaproxyErrorKind.InvalidArgument, "vars.c vars_parse_cli_set_var"),
        No(Err, string.Empty, StartsWith, HaproxyErrorKind.InvalidArgument, "vars.c vars_parse_cli_set_var (parse_store, smp_resolve_args: the expression or format refused)"),
    });

    /// <summary><c>show events &lt;sink&gt; [-n]</c>: the sink's events (data), or one of these refusals. The sink list
    /// (<c>show events</c> alone) is a warning-level message, read by its heading (ObserveParsers.IsSinkList).</summary>
    public static readonly AnswerTable ShowEvents = new AnswerTable("show events", true, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        No(Err, "No such event sink", Exact, HaproxyErrorKind.NotFound, "sink.c cli_parse_show_events"),
        No(Notice, "Nothing to report for this sink", Exact, HaproxyErrorKind.InvalidOperation, "sink.c cli_parse_show_events (a sink that is not a ring buffer)"),
        No(Err, "unknown option", Exact, HaproxyErrorKind.InvalidArgument, "sink.c cli_parse_show_events"),
        No(Err, "Sorry, too many watchers (", StartsWith, HaproxyErrorKind.InvalidOperation, "ring.c ring_attach_cli"),
    });

    /// <summary><c>show startup-logs</c>: the ring's lines, or an info message with no text when there is no startup
    /// log (errors.c cli_parse_show_startup_logs).</summary>
    public static readonly AnswerTable ShowStartupLogs = new AnswerTable("show startup-logs", true, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        Ok(Info, string.Empty, Exact, "errors.c cli_parse_show_startup_logs (no startup log)"),
        No(Err, "Sorry, too many watchers (", StartsWith, HaproxyErrorKind.InvalidOperation, "ring.c ring_attach_cli"),
    });
}
