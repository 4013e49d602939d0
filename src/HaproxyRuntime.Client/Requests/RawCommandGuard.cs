using System;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Requests;

/// <summary>Refuses raw command text that would not be exactly one framed command on our session's connection.</summary>
internal static class RawCommandGuard
{
    // Commands that change how the connection frames answers or what it may do; the session owns these.
    private static readonly string[] ConnectionCommands = { "prompt", "quit", "operator", "user", "set severity-output" };

    private static readonly string[] ReadOnlyVerbs = { "show", "get", "help", "echo" };

    public static void Check(string? command)
    {
        CliArgument.CheckSendable(command, "Command");
        string text = command!.Trim();
        if (text.Length == 0) throw new HaproxyArgumentException("Command", "The command is empty.");
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\')
            {
                if (i == text.Length - 1)
                {
                    throw new HaproxyArgumentException("Command", "The command ends with a lone '\\' (unescaped), which would join it with the next line.");
                }
                i++; // the escaped character is part of a word
                continue;
            }
            if (c == ';')
            {
                throw new HaproxyArgumentException("Command",
                    "The command contains an unescaped ';', which would run a second command. Pass one command per string (an array runs them in order), or escape it as '\\;'.");
            }
        }
        string[] words = text.Split(CliArgument.WordSeparators, StringSplitOptions.RemoveEmptyEntries);
        string last = words[words.Length - 1];
        if (last.StartsWith("<<", StringComparison.Ordinal))
        {
            throw new HaproxyArgumentException("Command",
                "The command ends with '<<', which starts a payload; payload commands are not supported by a raw command.");
        }
        if (last == "-")
        {
            throw new HaproxyArgumentException("Command",
                "The command ends with '-', which makes HAProxy suppress the end-of-answer marker and would desynchronise the session.");
        }
        // HAProxy splits words on runs of spaces and tabs, so compare word by word, not on the raw text.
        string normalized = string.Join(" ", words);
        foreach (var reserved in ConnectionCommands)
        {
            if (normalized.Equals(reserved, StringComparison.OrdinalIgnoreCase) ||
                normalized.StartsWith(reserved + " ", StringComparison.OrdinalIgnoreCase))
            {
                throw new HaproxyArgumentException("Command",
                    $"'{reserved}' changes the session's connection (framing or level) and is managed by the module. Connect to a socket with the level you need instead.");
            }
        }
    }

    public static bool IsReadOnly(string text)
    {
        foreach (var verb in ReadOnlyVerbs)
        {
            if (text.StartsWith(verb + " ", StringComparison.Ordinal) || text == verb) return true;
        }
        return false;
    }
}
