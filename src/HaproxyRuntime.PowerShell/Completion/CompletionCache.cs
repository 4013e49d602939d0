using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.PowerShell.Completion;

/// <summary>One name a completer can offer: the object's name, what the list shows beside it, and the group it
/// belongs to (a server's backend), used to narrow.</summary>
public sealed class CompletionCandidate
{
    public CompletionCandidate(string name, string toolTip, string? group = null, bool onlyWhenTyped = false)
    {
        Name = name;
        ToolTip = toolTip;
        Group = group;
        OnlyWhenTyped = onlyWhenTyped;
    }

    public string Name { get; }

    public string ToolTip { get; }

    public string? Group { get; }

    /// <summary>An alternative name offered only when the word typed starts like it (a map's '#id').</summary>
    public bool OnlyWhenTyped { get; }
}

/// <summary>
/// What the completers read from HAProxy, per session and per kind, kept for <see cref="Lifetime"/>: pressing Tab
/// again (or completing the next parameter of the same line) sends nothing. A read gets at most the time it is given
/// (the completer's budget): when it runs out the read is cancelled — the session drops that connection and the next
/// command opens a new one — and the empty answer is kept for the lifetime too, so a stalled HAProxy costs the prompt
/// one budget per kind every few seconds, not one per Tab.
/// </summary>
internal static class CompletionCache
{
    /// <summary>Long enough for a burst of Tabs on one line, short enough that a backend added a moment ago is
    /// offered by the next line.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private static readonly IReadOnlyList<CompletionCandidate> Nothing = Array.Empty<CompletionCandidate>();

    // Weak: a session that is closed and forgotten takes its entries with it.
    private static readonly ConditionalWeakTable<HaproxySession, ConcurrentDictionary<string, Entry>> PerSession =
        new ConditionalWeakTable<HaproxySession, ConcurrentDictionary<string, Entry>>();

    private sealed class Entry
    {
        public Entry(IReadOnlyList<CompletionCandidate> candidates) => Candidates = candidates;

        public IReadOnlyList<CompletionCandidate> Candidates { get; }

        public Stopwatch Age { get; } = Stopwatch.StartNew();
    }

    /// <summary>The candidates of <paramref name="kind"/> on <paramref name="session"/>: cached, or read within
    /// <paramref name="budget"/>; empty when the read failed or ran out of time (never an exception).</summary>
    public static IReadOnlyList<CompletionCandidate> Get(HaproxySession session, string kind, TimeSpan budget,
                                                         Func<HaproxySession, CancellationToken, IReadOnlyList<CompletionCandidate>> read)
    {
        var entries = PerSession.GetValue(session, _ => new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal));
        if (entries.TryGetValue(kind, out var cached) && cached.Age.Elapsed < Lifetime) return cached.Candidates;
        if (budget <= TimeSpan.Zero) return Nothing;
        IReadOnlyList<CompletionCandidate> candidates;
        using (var timeout = new CancellationTokenSource(budget))
        {
            try
            {
                candidates = read(session, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                candidates = Nothing; // out of time (or the session's gate was held that long by another runspace)
            }
            catch (HaproxyException)
            {
                candidates = Nothing; // a refusal (a socket level that may not list this), a broken connection
            }
            catch (ObjectDisposedException)
            {
                candidates = Nothing; // the session was closed meanwhile
            }
        }
        entries[kind] = new Entry(candidates);
        return candidates;
    }
}
