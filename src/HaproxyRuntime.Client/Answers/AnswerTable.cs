using System;
using System.Collections.Generic;
using System.Linq;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Answers;

/// <summary>How an answer's text is recognised. Refusals often quote the user's value, so a rule never matches a
/// fragment anywhere in the text: a value could then forge another answer.</summary>
public enum AnswerMatch
{
    /// <summary>The whole first line, trimmed, is the text.</summary>
    Exact,
    /// <summary>The first line, trimmed, starts with the text (it continues with values HAProxy fills in).</summary>
    StartsWith,
    /// <summary>The last line, trimmed, is the text: HAProxy may print notices before it (add server prints what its
    /// parser warned about, then "New server registered.").</summary>
    LastLine,
    /// <summary>The last line, trimmed, starts with the text.</summary>
    LastLineStartsWith,
}

/// <summary>One answer HAProxy can give to a command, as its source defines it: what the text looks like, the
/// severity it comes with, and what it means — the change was made, or a refusal of a given kind.</summary>
public sealed class AnswerRule
{
    public AnswerRule(string text, AnswerMatch match, int? severity, HaproxyErrorKind? refusal, string source, HaproxyObjectKind? missing = null)
    {
        Missing = missing;
        Text = text ?? throw new ArgumentNullException(nameof(text));
        Match = match;
        Severity = severity;
        Refusal = refusal;
        Source = source ?? throw new ArgumentNullException(nameof(source));
    }

    /// <summary>The text, or its fixed beginning (<see cref="AnswerMatch.StartsWith"/>).</summary>
    public string Text { get; }

    public AnswerMatch Match { get; }

    /// <summary>The "[N]: " severity HAProxy sends it with (3 error, 4 warning, 5 notice, 6 info), or null for
    /// output without one (HAProxy's plain answers). An answer with another severity is not this rule; one without
    /// any is matched by its text alone.</summary>
    public int? Severity { get; }

    /// <summary>Null when the answer means the command was applied; otherwise the kind of refusal.</summary>
    public HaproxyErrorKind? Refusal { get; }

    public bool IsSuccess => Refusal is null;

    /// <summary>For a NotFound answer that says what does not exist: its kind (the name is the request's target).</summary>
    public HaproxyObjectKind? Missing { get; }

    /// <summary>Where HAProxy defines it (file and function of the 3.4 sources, or of the older line it names first:
    /// "2.6 server.c …"), so a reader can check it.</summary>
    public string Source { get; }

    /// <summary>Stands in <see cref="Text"/> for the request's target ("backend/server"), for answers that begin with
    /// it; HAProxy's names cannot hold anything a rule could be confused by.</summary>
    public const string TargetPlaceholder = "{target}";

    /// <summary>Whether this rule is the answer <paramref name="reply"/> to <paramref name="request"/>.</summary>
    public bool Matches(CliReply reply, CliRequest request)
    {
        // Without a severity prefix (a connection where 'set severity-output' is not in effect) only the text tells;
        // with one, it must be the rule's.
        if (reply.Severity is int severity && severity != Severity) return false;
        // A rule without text stands for every answer of its severity, so it needs the severity to be there.
        if (Text.Length == 0 && reply.Severity is null) return false;
        string text = Text.IndexOf(TargetPlaceholder, StringComparison.Ordinal) >= 0 ? Text.Replace(TargetPlaceholder, request.Target) : Text;
        if (Match == AnswerMatch.LastLine || Match == AnswerMatch.LastLineStartsWith)
        {
            if (reply.Lines.Count == 0) return false;
            string last = reply.Lines[reply.Lines.Count - 1].Trim();
            return Match == AnswerMatch.LastLine ? string.Equals(last, text, StringComparison.Ordinal) : last.StartsWith(text, StringComparison.Ordinal);
        }
        string first = reply.FirstLine.Trim();
        return Match == AnswerMatch.Exact
            ? string.Equals(first, text, StringComparison.Ordinal)
            : first.StartsWith(text, StringComparison.Ordinal);
    }

    public override string ToString() =>
        $"{(Severity is int s ? $"[{s}] " : string.Empty)}{(Match == AnswerMatch.StartsWith ? Text + "…" : Text)} → {(IsSuccess ? "success" : Refusal.ToString())}";
}

/// <summary>
/// Every answer one command (or family of commands) can give, classified on purpose: success, a typed refusal, or —
/// anything else — unknown. An unknown answer is never a success: with an error severity it is a refusal classified by
/// <see cref="HaproxyErrorClassifier"/> (HAProxy's wording may change across versions), otherwise
/// <see cref="HaproxyErrorKind.UnexpectedResponse"/>.
/// </summary>
public sealed class AnswerTable
{
    public AnswerTable(string command, bool emptyIsSuccess, params IEnumerable<AnswerRule>[] ruleSets)
    {
        Command = command;
        EmptyIsSuccess = emptyIsSuccess;
        Rules = ruleSets.SelectMany(r => r).ToList();
        Interpret = (reply, request) => Judge(reply, request);
    }

    /// <summary><see cref="Judge"/> as a request's interpretation, made once per table (bulk loads build many
    /// requests).</summary>
    public Func<CliReply, CliRequest<CliDone>, CliDone> Interpret { get; }

    /// <summary>The command form, as HAProxy's management guide names it.</summary>
    public string Command { get; }

    /// <summary>Whether an empty answer (HAProxy printed nothing) means the command was applied.</summary>
    public bool EmptyIsSuccess { get; }

    public IReadOnlyList<AnswerRule> Rules { get; }

    /// <summary>The rule <paramref name="reply"/> is, or null when it is none of the known answers.</summary>
    public AnswerRule? Find(CliReply reply, CliRequest request)
    {
        foreach (var rule in Rules)
        {
            if (rule.Matches(reply, request)) return rule;
        }
        return null;
    }

    /// <summary>For a command that answers with data (a dump without a severity prefix): the data, or — when HAProxy
    /// answered with a message instead — the classified refusal. A known success message is no data and is refused
    /// too: such a command never answers with one.</summary>
    public IReadOnlyList<string> Data(CliReply reply, CliRequest request)
    {
        if (reply.Severity is null && !ReplyExpectations.IsUnknownCommand(reply)) return reply.Lines;
        var rule = Find(reply, request);
        throw rule is { IsSuccess: false }
            ? HaproxyErrorClassifier.ToException(reply, request, rule)
            : HaproxyErrorClassifier.ToException(reply, request);
    }

    /// <summary>Returns when the answer says the command was applied; otherwise throws the classified refusal (or
    /// the unknown answer) quoting HAProxy's text.</summary>
    public CliDone Judge(CliReply reply, CliRequest request)
    {
        if (reply.IsEmpty)
        {
            if (EmptyIsSuccess) return CliDone.Value;
            throw HaproxyErrorClassifier.ToException(reply, request);
        }
        var rule = Find(reply, request);
        if (rule is null) throw HaproxyErrorClassifier.ToException(reply, request);
        if (rule.IsSuccess) return CliDone.Value;
        throw HaproxyErrorClassifier.ToException(reply, request, rule);
    }
}
