using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Answers;

/// <summary>Answers of the stream commands (HAProxy 3.4 src/stream.c) and of <c>show errors</c> (src/proxy.c).</summary>
public static partial class HaproxyAnswers
{
    /// <summary><c>show sess [susp] [show-uri]</c>: one line per stream (operator level). The refusals are those of
    /// the options parser this client can meet (3.2+; the option words are fixed, never user text).</summary>
    public static readonly AnswerTable ShowSess = new AnswerTable("show sess", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        No(Err, "Unsupported option '", StartsWith, HaproxyErrorKind.InvalidArgument, "stream.c cli_parse_show_sess"),
    });

    /// <summary><c>show sess &lt;id&gt;</c>: the long dump of one stream. "Session not found." and the dump cut by
    /// "*** session terminated while we were watching it ***" come as plain output, without a severity (chunk_appendf in
    /// stream.c cli_io_handler_dump_sess and stats_dump_full_strm_to_buffer, the same in 2.6): the interpreter looks
    /// them up here before taking the lines as data.</summary>
    public static readonly AnswerTable ShowSessDetail = new AnswerTable("show sess <id>", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        Gone(null, "Session not found.", Exact, HaproxyObjectKind.Stream, "stream.c cli_io_handler_dump_sess"),
        Gone(null, "*** session terminated while we were watching it ***", AnswerMatch.LastLine, HaproxyObjectKind.Stream, "stream.c stats_dump_full_strm_to_buffer"),
    });

    /// <summary><c>shutdown session &lt;id&gt;</c>: nothing when the stream was found and shut down (admin level).</summary>
    public static readonly AnswerTable ShutdownSession = new AnswerTable("shutdown session", true, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        No(Err, "Session pointer expected (use 'show sess').", Exact, HaproxyErrorKind.InvalidArgument, "stream.c cli_parse_shutdown_session"),
        Gone(Err, "No such session (use 'show sess').", Exact, HaproxyObjectKind.Stream, "stream.c cli_parse_shutdown_session"),
    });

    /// <summary><c>show errors [&lt;iid&gt;|&lt;proxy&gt;] [request|response]</c>: the captures (operator level), or
    /// "No such proxy." for a name no proxy has that does not read as a proxy id either (proxy.c cli_parse_show_errors,
    /// the same in 2.6).</summary>
    public static readonly AnswerTable ShowErrors = new AnswerTable("show errors", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        Gone(Err, "No such proxy.", Exact, HaproxyObjectKind.Proxy, "proxy.c cli_parse_show_errors"),
    });
}
