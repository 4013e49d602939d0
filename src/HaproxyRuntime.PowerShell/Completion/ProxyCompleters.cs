using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Completion;

/// <summary>Backend names, as Get-HaproxyBackend lists them.</summary>
public sealed class BackendCompleter : ListCompleter<HaproxyBackend>
{
    public BackendCompleter()
        : base("backend", HaproxyRequests.GetBackends,
               b => new[] { new CompletionCandidate(b.Name, $"Backend {b.Name} ({b.Status}, {b.ActiveServers} active server(s))") })
    {
    }
}

/// <summary>Frontend names, as Get-HaproxyFrontend lists them.</summary>
public sealed class FrontendCompleter : ListCompleter<HaproxyFrontend>
{
    public FrontendCompleter()
        : base("frontend", HaproxyRequests.GetFrontends, f => new[] { new CompletionCandidate(f.Name, $"Frontend {f.Name} ({f.Status})") })
    {
    }
}

/// <summary>Proxy names (frontends, backends, listen sections), from the FRONTEND and BACKEND rows of <c>show stat</c>.</summary>
public sealed class ProxyCompleter : ListCompleter<HaproxyStat>
{
    private static readonly HaproxyStatType[] ProxyRows = { HaproxyStatType.Frontend, HaproxyStatType.Backend };

    public ProxyCompleter()
        : base("proxy", () => HaproxyRequests.GetStats(null, ProxyRows),
               s => new[] { new CompletionCandidate(s.ProxyName, $"{s.Type} {s.ProxyName} ({s.StatusText})") })
    {
    }
}
