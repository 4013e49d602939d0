using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Answers;

/// <summary>The master CLI's own commands. The master connection carries no severity setting (the master would pass
/// it on to its own commands as a command it does not know), so these answers come without "[N]: " prefixes.</summary>
public static partial class HaproxyAnswers
{
    /// <summary><c>show proc [debug]</c>: the process table. Below operator level the master prints nothing
    /// (mworker.c cli_parse_show_proc returns before any output), which the request reads as a permission refusal.</summary>
    public static readonly AnswerTable ShowProc = new AnswerTable("show proc", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        No(Err, "'show proc' only supports 'debug' as argument", Exact, HaproxyErrorKind.InvalidArgument, "mworker.c cli_parse_show_proc"),
    });

    /// <summary><c>reload</c> / <c>hard-reload</c>: "Success=1|0", "--" and the startup log (mworker.c
    /// cli_io_handler_show_loadstatus), read by MasterParsers.Reload; what else the master may say instead.</summary>
    public static readonly AnswerTable Reload = new AnswerTable("reload", false, Shared.PermissionDenied, Shared.UnknownCommand);
}
