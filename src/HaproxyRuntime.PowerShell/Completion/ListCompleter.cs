using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Completion;

/// <summary>A completer whose candidates come from one list request (the one the kind's Get- cmdlet sends).</summary>
/// <typeparam name="T">The object listed.</typeparam>
public abstract class ListCompleter<T> : HaproxyCompleter
{
    private readonly Func<CliRequest<List<T>>> _list;
    private readonly Func<T, IEnumerable<CompletionCandidate>> _candidates;

    /// <param name="kind">The cache key of this kind.</param>
    /// <param name="list">Builds the request that lists every object.</param>
    /// <param name="candidates">The names one object is offered under, with their tooltips.</param>
    protected ListCompleter(string kind, Func<CliRequest<List<T>>> list, Func<T, IEnumerable<CompletionCandidate>> candidates)
    {
        Kind = kind;
        _list = list;
        _candidates = candidates;
    }

    protected override string Kind { get; }

    protected override IReadOnlyList<CompletionCandidate> Read(HaproxySession session, CancellationToken cancellationToken) =>
        session.Execute(_list(), cancellationToken).SelectMany(_candidates).ToList();
}
