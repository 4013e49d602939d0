using System;
using System.Collections.Generic;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Protocol;

/// <summary>
/// What every answer shares: a data dump is an answer without an error severity, and HAProxy's refusal of a command
/// it does not know is recognised by its shape. What each command's messages mean is in HaproxyAnswers.
/// </summary>
public static class ReplyExpectations
{
    /// <summary>A data dump: any answer without an error severity. "Unknown command" comes with severity info (6),
    /// so it is checked by text.</summary>
    public static IReadOnlyList<string> Data(CliReply reply, CliRequest command)
    {
        if (reply.IsError || IsUnknownCommand(reply)) throw HaproxyErrorClassifier.ToException(reply, command);
        return reply.Lines;
    }

    /// <summary>HAProxy's refusal of a command it does not know (verified on 3.4.7): "Unknown command: '&lt;verb&gt;', but
    /// maybe one of the following ones is a better match:" and then the suggestions, which always include help, prompt
    /// and quit — so it is never a single line. That is what tells it apart from an answer that only starts with the
    /// same words: <c>echo Unknown command</c> answers that one line, and it is output, not a refusal. HAProxy 2.6
    /// does not quote the verb: "Unknown command, but maybe one of the following ones is a better match:" (2.6 cli.c
    /// cli_gen_usage_msg, seen on 2.6.12).</summary>
    internal static bool IsUnknownCommand(CliReply reply) =>
        reply.Lines.Count > 1 &&
        (reply.FirstLine.StartsWith("Unknown command: '", StringComparison.Ordinal) ||
         reply.FirstLine.TrimEnd() == "Unknown command, but maybe one of the following ones is a better match:");
}
