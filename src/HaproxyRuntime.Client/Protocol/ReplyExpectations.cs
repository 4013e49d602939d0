using System;
using System.Collections.Generic;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Protocol;

/// <summary>
/// The ways a command can succeed. Anything outside the expected shape is an error: an unknown answer to a write
/// is never reported as success.
/// </summary>
public static class ReplyExpectations
{
    /// <summary>Success prints nothing (add map, enable server, set server state...).</summary>
    public static CliDone Empty(CliReply reply, CliRequest command)
    {
        if (reply.IsEmpty) return CliDone.Value;
        throw HaproxyErrorClassifier.ToException(reply, command.Line);
    }

    /// <summary>Success is an info message; HAProxy may print other notices before it (del backend does), so the
    /// expected text may be on any line, but no error severity is allowed.</summary>
    public static Func<CliReply, CliRequest, CliDone> Message(params string[] successMessages)
    {
        return (reply, command) =>
        {
            if (!reply.IsError)
            {
                foreach (var line in reply.Lines)
                {
                    foreach (var expected in successMessages)
                    {
                        if (string.Equals(line.Trim(), expected, StringComparison.Ordinal)) return CliDone.Value;
                    }
                }
            }
            throw HaproxyErrorClassifier.ToException(reply, command.Line);
        };
    }

    /// <summary>A data dump: any answer without an error severity. "Unknown command" comes with severity info (6),
    /// so it is checked by text.</summary>
    public static IReadOnlyList<string> Data(CliReply reply, CliRequest command)
    {
        if (reply.IsError || IsUnknownCommand(reply)) throw HaproxyErrorClassifier.ToException(reply, command.Line);
        return reply.Lines;
    }

    /// <summary>HAProxy's refusal of a command it does not know (verified on 3.4.7): "Unknown command: '&lt;verb&gt;', but
    /// maybe one of the following ones is a better match:" and then the suggestions, which always include help, prompt
    /// and quit — so it is never a single line. That is what tells it apart from an answer that only starts with the
    /// same words: <c>echo Unknown command</c> answers that one line, and it is output, not a refusal.</summary>
    internal static bool IsUnknownCommand(CliReply reply) =>
        reply.Lines.Count > 1 && reply.FirstLine.StartsWith("Unknown command: '", StringComparison.Ordinal);

    /// <summary><see cref="Empty"/> for commands typed <see cref="CliDone"/>, made once: bulk loads build 100,000 such
    /// commands, and wrapping per command cost two allocations each.</summary>
    public static readonly Func<CliReply, CliRequest<CliDone>, CliDone> EmptyIsDone = As<CliDone>(Empty);

    /// <summary>Wraps an interpretation so the generic command type gets it.</summary>
    public static Func<CliReply, CliRequest<T>, T> As<T>(Func<CliReply, CliRequest, T> f) => (r, c) => f(r, c);
}
