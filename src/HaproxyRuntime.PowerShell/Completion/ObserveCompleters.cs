using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Completion;

/// <summary>A section name from a list whose items are its members (nameservers, peers): each section once.</summary>
public abstract class SectionCompleter<T> : HaproxyCompleter
{
    private readonly Func<CliRequest<List<T>>> _list;
    private readonly Func<T, string> _section;
    private readonly string _noun;

    protected SectionCompleter(string kind, string noun, Func<CliRequest<List<T>>> list, Func<T, string> section)
    {
        Kind = kind;
        _noun = noun;
        _list = list;
        _section = section;
    }

    protected override string Kind { get; }

    protected override IReadOnlyList<CompletionCandidate> Read(HaproxySession session, CancellationToken cancellationToken) =>
        session.Execute(_list(), cancellationToken)
            .GroupBy(_section, StringComparer.Ordinal)
            .Select(g => new CompletionCandidate(g.Key, $"{_noun} {g.Key} ({g.Count()})"))
            .ToList();
}

/// <summary>Resolvers section names (<c>show resolvers</c>).</summary>
public sealed class ResolversCompleter : SectionCompleter<Client.Models.HaproxyResolverNameserver>
{
    public ResolversCompleter() : base("resolvers", "Resolvers", () => HaproxyRequests.GetResolvers(), n => n.Resolvers) { }
}

/// <summary>Peers section names (<c>show peers</c>).</summary>
public sealed class PeerSectionCompleter : SectionCompleter<Client.Models.HaproxyPeer>
{
    public PeerSectionCompleter() : base("peers", "Peers", () => HaproxyRequests.GetPeers(), p => p.Section) { }
}

/// <summary>Cache names (<c>show cache</c>).</summary>
public sealed class CacheCompleter : ListCompleter<Client.Models.HaproxyCache>
{
    public CacheCompleter()
        : base("cache", HaproxyRequests.GetCaches, c => new[] { new CompletionCandidate(c.Name, $"Cache {c.Name} ({c.EntryCount} entries)") })
    {
    }
}

/// <summary>Event sinks that can be read (ring buffers, <c>show events</c>).</summary>
public sealed class EventSinkCompleter : ListCompleter<Client.Models.HaproxyEventSink>
{
    public EventSinkCompleter()
        : base("sink", HaproxyRequests.GetEventSinks,
               s => s.IsReadable ? new[] { new CompletionCandidate(s.Name, $"Sink {s.Name} ({s.Description}, {s.Dropped} dropped)") } : Array.Empty<CompletionCandidate>())
    {
    }
}
