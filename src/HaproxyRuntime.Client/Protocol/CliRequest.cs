using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace HaproxyRuntime.Client.Protocol;

/// <summary>
/// A fully encoded CLI request, built before anything is sent. The same object drives <c>-WhatIf</c> (its
/// <see cref="Action"/> and <see cref="Target"/>), <c>-Verbose</c> (its exact <see cref="Line"/>) and execution.
/// </summary>
/// <remarks>
/// A request is one line of ';'-separated segments: optional connection-setup segments (<see cref="Prelude"/>, e.g.
/// <c>set timeout cli</c> before a <c>wait</c>), the command itself, then optional clean-up segments. In interactive
/// mode HAProxy answers every segment separately, so the reader knows exactly how many answers to frame.
/// </remarks>
public abstract class CliRequest
{
    protected CliRequest(string text, bool isWrite, string action, string target,
                         IReadOnlyList<string>? prelude, IReadOnlyList<string>? postlude, TimeSpan extraReadTime)
    {
        Text = text;
        IsWrite = isWrite;
        Action = action;
        Target = target;
        Prelude = prelude ?? Array.Empty<string>();
        Postlude = postlude ?? Array.Empty<string>();
        ExtraReadTime = extraReadTime;
        // Most commands have no prelude or postlude: no joining (and no LINQ) on the bulk paths.
        Line = Prelude.Count == 0 && Postlude.Count == 0 ? text : string.Join(";", Prelude.Concat(new[] { text }).Concat(Postlude));
    }

    /// <summary>What the connected HAProxy must have for this request (see HaproxyCapabilities), or null.</summary>
    public Capabilities.HaproxyFeature? RequiredFeature { get; private set; }

    /// <summary>Marks the request as needing <paramref name="feature"/>: a session refuses it, before sending, on a
    /// HAProxy without it.</summary>
    internal CliRequest Requires(Capabilities.HaproxyFeature feature)
    {
        RequiredFeature = feature;
        return this;
    }

    /// <summary>The socket level the request needs ("operator" or "admin"), checked before sending where HAProxy would
    /// not say so itself: before 3.4, <c>clear table</c> from a user-level socket answers nothing and clears nothing,
    /// and 3.0 keeps a reference to a <c>show table … key</c> entry it refused to a user-level socket. Null when
    /// HAProxy's own "Permission denied" is enough.</summary>
    public string? MinimumLevel { get; private set; }

    /// <summary>Marks the request as needing a socket of <paramref name="level"/> (see <see cref="MinimumLevel"/>).</summary>
    internal CliRequest RequiresLevel(string level)
    {
        MinimumLevel = level;
        return this;
    }

    /// <summary>What the request does beyond its line — a poll, possibly standing in for a command the connected HAProxy
    /// lacks — shown with -Verbose before it; null for a plain request.</summary>
    public string? Note { get; private set; }

    /// <summary>When set, the session repeats the request until its answer is final or this much time has passed: its
    /// interpreter says "not yet" with a <see cref="Errors.HaproxyErrorKind.Timeout"/> refusal, and the last such
    /// refusal is the outcome at the deadline. For conditions an older HAProxy cannot wait for itself.</summary>
    public TimeSpan? RepeatFor { get; private set; }

    /// <summary>True for a command whose answer is free-form text (a raw command): any line may begin with "&gt; ", so
    /// in prompt framing (HAProxy before 3.2) the answer cannot be framed by the prompt, and the session sends it on a
    /// connection of its own, framed by HAProxy closing it.</summary>
    public bool FreeFormAnswer { get; internal set; }

    /// <summary>True for a read whose answer may hold an empty line (<c>show peers</c> between sections), which would
    /// end the answer early on the session's connection: the session sends it on a connection of its own, framed by
    /// HAProxy closing it, in every framing.</summary>
    public bool AnswerHasBlankLines { get; internal set; }

    /// <summary>In a plan of steps (SafeRemoval), how long to wait after this step before the next: a drain period.</summary>
    public TimeSpan PauseAfter { get; private set; }

    internal CliRequest ThenPause(TimeSpan pause)
    {
        PauseAfter = pause;
        return this;
    }

    /// <summary>Marks the request as polled (see <see cref="RepeatFor"/>), <paramref name="note"/> saying how.</summary>
    internal CliRequest Polled(TimeSpan window, string note)
    {
        RepeatFor = window;
        Note = note;
        return this;
    }

    /// <summary>Data sent after the line as a <c>&lt;&lt;</c> payload (see <see cref="CliPayload"/>), or null. A request with a
    /// payload travels alone: never pipelined, never on a one-shot connection.</summary>
    public CliPayload? Payload { get; private set; }

    internal CliRequest WithPayload(CliPayload payload)
    {
        Payload = payload;
        return this;
    }

    /// <summary>The line as -Verbose shows it: <see cref="ShownLine"/>, then the payload's size (never its data).</summary>
    public string DisplayLine => Payload is null ? ShownLine : ShownLine + " " + Payload.Describe();

    private string? _secret;

    /// <summary>Marks <paramref name="secret"/>, a word of the line (a TLS ticket key), as a secret: wherever the request
    /// is shown (-Verbose, -WhatIf, error messages built from the request) it reads <see cref="SecretMask"/>.</summary>
    internal CliRequest Hiding(string secret)
    {
        _secret = secret;
        return this;
    }

    /// <summary>What stands for a secret in a shown line.</summary>
    public const string SecretMask = "<secret>";

    /// <summary><see cref="Text"/> as it may be shown: a secret masked.</summary>
    public string ShownText => _secret is null ? Text : Text.Replace(_secret, SecretMask);

    /// <summary><see cref="Line"/> as it may be shown: a secret masked.</summary>
    public string ShownLine => _secret is null ? Line : Line.Replace(_secret, SecretMask);

    /// <summary>The command segment itself, encoded.</summary>
    public string Text { get; }

    /// <summary>Everything sent on the wire for this request, without the final LF.</summary>
    public string Line { get; }

    public IReadOnlyList<string> Prelude { get; }
    public IReadOnlyList<string> Postlude { get; }

    /// <summary>True when the command changes HAProxy's state: such a command is never resent after a failure whose
    /// outcome is unknown.</summary>
    public bool IsWrite { get; }

    /// <summary>What the command does, in words (for ShouldProcess).</summary>
    public string Action { get; }

    /// <summary>The object it acts on ("mybackend1/web1", "virt@paths.map /test").</summary>
    public string Target { get; }

    /// <summary>Time the command may legitimately take on HAProxy's side (a <c>wait</c>), added to the read timeout.</summary>
    public TimeSpan ExtraReadTime { get; }

    /// <summary>Number of framed answers the line produces.</summary>
    public int ReplyCount => Prelude.Count + 1 + Postlude.Count;

    private int _lineByteCount = -1;

    /// <summary>UTF-8 length of <see cref="Line"/>, computed once: it is checked against HAProxy's line limit and
    /// used to pack batches, and a 100,000-entry load should not count every entry's bytes three times.</summary>
    public int LineByteCount => _lineByteCount >= 0 ? _lineByteCount : (_lineByteCount = Encoding.UTF8.GetByteCount(Line));

    internal abstract object? InterpretBoxed(CliReply reply);

    public override string ToString() => DisplayLine;
}

/// <summary>A request whose answer is interpreted into a <typeparamref name="T"/> (or an exception).</summary>
public sealed class CliRequest<T> : CliRequest
{
    private readonly Func<CliReply, CliRequest<T>, T> _interpret;
    private readonly Func<IReplyLineParser<T>>? _lineParser;

    public CliRequest(string text, bool isWrite, string action, string target, Func<CliReply, CliRequest<T>, T> interpret,
                      IReadOnlyList<string>? prelude = null, IReadOnlyList<string>? postlude = null,
                      TimeSpan extraReadTime = default, Func<IReplyLineParser<T>>? lineParser = null)
        : base(text, isWrite, action, target, prelude, postlude, extraReadTime)
    {
        _interpret = interpret;
        _lineParser = lineParser;
    }

    /// <summary>Marks the request as needing <paramref name="feature"/> (see <see cref="CliRequest.RequiredFeature"/>).</summary>
    internal new CliRequest<T> Requires(Capabilities.HaproxyFeature feature)
    {
        base.Requires(feature);
        return this;
    }

    /// <summary>Marks the request as needing a socket of <paramref name="level"/> (see <see cref="CliRequest.MinimumLevel"/>).</summary>
    internal new CliRequest<T> RequiresLevel(string level)
    {
        base.RequiresLevel(level);
        return this;
    }

    /// <summary>See <see cref="CliRequest.PauseAfter"/>.</summary>
    internal new CliRequest<T> ThenPause(TimeSpan pause)
    {
        base.ThenPause(pause);
        return this;
    }

    /// <summary>Sends <paramref name="payload"/> after the line (see <see cref="CliRequest.Payload"/>).</summary>
    internal new CliRequest<T> WithPayload(CliPayload payload)
    {
        base.WithPayload(payload);
        return this;
    }

    /// <summary>Marks the request as polled (see <see cref="CliRequest.RepeatFor"/>).</summary>
    internal new CliRequest<T> Polled(TimeSpan window, string note)
    {
        base.Polled(window, note);
        return this;
    }

    /// <summary>Turns the command segment's answer into the result, or throws a classified exception.</summary>
    public T Interpret(CliReply reply) => _interpret(reply, this);

    /// <summary>A fresh parser for reading a data answer line by line as it arrives, or null when the command's
    /// answer is buffered and given to <see cref="Interpret"/>. Messages (errors) always go to Interpret.</summary>
    public IReplyLineParser<T>? CreateLineParser() => _lineParser?.Invoke();

    internal override object? InterpretBoxed(CliReply reply) => Interpret(reply);
}

/// <summary>The result of a command that answers nothing useful on success.</summary>
public readonly struct CliDone
{
    public static readonly CliDone Value;
}

/// <summary>Builds a command's result from its data answer one line at a time, while the answer is still arriving.</summary>
public interface IReplyLineParser<out T>
{
    /// <summary>One line of the answer, in order, without its LF.</summary>
    void Add(string line);

    /// <summary>The result, after the answer's last line; throws when the lines were not the expected shape.</summary>
    T Complete();
}
