using System.Linq;
using System.Collections.Generic;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Answers;

/// <summary>
/// The answers HAProxy 3.4 gives to the commands this client sends, one table per command form, read from HAProxy's
/// sources (the file and function are on each rule). Where 3.2, 3.0 or 2.6 word an answer otherwise, a rule of that
/// line's text gives it the same meaning (its source names the line). Severities are those of
/// <c>set severity-output number</c>: 3 error (cli_err), 4 warning, 5 notice, 6 info (cli_msg). The one place that
/// says what an answer means.
/// </summary>
public static partial class HaproxyAnswers
{
    private const int Err = 3, Warning = 4, Notice = 5, Info = 6;

    private static AnswerRule Ok(int? severity, string text, AnswerMatch match, string source) =>
        new AnswerRule(text, match, severity, null, source);

    private static AnswerRule No(int? severity, string text, AnswerMatch match, HaproxyErrorKind kind, string source) =>
        new AnswerRule(text, match, severity, kind, source);

    /// <summary>A NotFound answer that says which kind of object is missing (its name is the request's target).</summary>
    private static AnswerRule Gone(int? severity, string text, AnswerMatch match, HaproxyObjectKind missing, string source) =>
        new AnswerRule(text, match, severity, HaproxyErrorKind.NotFound, source, missing);

    private const AnswerMatch Exact = AnswerMatch.Exact, StartsWith = AnswerMatch.StartsWith;

    /// <summary>Rule sets several tables share. A nested class, so they exist before any table of any file of this
    /// partial class is built (static fields of partial files initialise in no defined order).</summary>
    private static class Shared
    {
        /// <summary>cli_has_level(): the socket's level is below what the command needs.</summary>
        public static readonly AnswerRule[] PermissionDenied = new[]
        {
            No(Err, "Permission denied", Exact, HaproxyErrorKind.PermissionDenied, "cli.c cli_has_level"),
        };

        /// <summary>The refusal of a command HAProxy does not know — at severity 6, not 3 — which a version without the
        /// command gives (cli.c). 2.6 does not quote the verb (2.6.12: "wait 1s srv-removable be/s1").</summary>
        public static readonly AnswerRule[] UnknownCommand = new[]
        {
            No(6, "Unknown command: '", StartsWith, HaproxyErrorKind.InvalidArgument, "cli.c cli_parse_request"),
            No(6, "Unknown command, but maybe one of the following ones is a better match:", Exact, HaproxyErrorKind.InvalidArgument, "2.6 cli.c cli_gen_usage_msg"),
        };

        /// <summary>cli_find_server(): the "backend/server" argument of every per-server command.</summary>
        public static readonly AnswerRule[] ServerLookup = new[]
        {
            No(Err, "Require 'backend/server'.", Exact, HaproxyErrorKind.InvalidArgument, "server.c cli_find_server"),
            Gone(Err, "No such backend.", Exact, HaproxyObjectKind.Backend, "server.c cli_find_server"),
            Gone(Err, "No such server.", Exact, HaproxyObjectKind.Server, "server.c cli_find_server"),
            No(Err, "Proxy is disabled.", Exact, HaproxyErrorKind.InvalidOperation, "server.c cli_find_server"),
        };
    }
}
