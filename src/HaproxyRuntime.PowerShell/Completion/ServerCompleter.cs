using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Completion;

/// <summary>
/// Server names, narrowed by the -Backend already on the line (a name or a pattern, as the cmdlet reads it). Without
/// one, the names of every backend's servers, each once (its tooltip says which backends have it): -Name takes a
/// server's name only, never "backend/server", so that is what is offered. One read of every server serves all
/// narrowings, so moving from one backend to another sends nothing.
/// </summary>
public sealed class ServerCompleter : ListCompleter<HaproxyServer>
{
    public ServerCompleter()
        : base("server", () => HaproxyRequests.GetServers(), s => new[] { new CompletionCandidate(s.Name, $"Server {s.Name} of backend {s.Backend}", s.Backend) })
    {
    }

    protected override IEnumerable<CompletionCandidate> Narrow(IEnumerable<CompletionCandidate> candidates, IDictionary fakeBoundParameters)
    {
        if (fakeBoundParameters.Contains("Backend"))
        {
            var backends = CompletionSessions.Values(fakeBoundParameters["Backend"])
                .Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty)
                .Select(BackendMatcher).ToList();
            return candidates.Where(c => backends.Any(matches => matches(c.Group ?? string.Empty)));
        }
        return candidates
            .GroupBy(c => c.Name, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.First()
                : new CompletionCandidate(g.Key, $"Server {g.Key} of backends {string.Join(", ", g.Select(c => c.Group).Take(5))}{(g.Count() > 5 ? ", …" : string.Empty)}"));
    }

    /// <summary>The typed backend: the exact name, or a pattern as Get-HaproxyServer -Backend reads it.</summary>
    private static Func<string, bool> BackendMatcher(string typed)
    {
        if (WildcardPattern.ContainsWildcardCharacters(typed))
        {
            var pattern = new WildcardPattern(typed);
            try
            {
                pattern.IsMatch(string.Empty);
                return name => name == typed || pattern.IsMatch(name);
            }
            catch (WildcardPatternException)
            {
                // an unmatched '[': only the literal name
            }
        }
        return name => name == typed;
    }
}
