using System.Collections.Generic;
using System.Globalization;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Completion;

/// <summary>Map names (<c>show map</c>); see <see cref="PatternSetNames"/>.</summary>
public sealed class MapCompleter : ListCompleter<HaproxyMap>
{
    public MapCompleter() : base("map", HaproxyRequests.GetMaps, m => PatternSetNames.Of(m, "Map")) { }
}

/// <summary>ACL names (<c>show acl</c>); see <see cref="PatternSetNames"/>.</summary>
public sealed class AclCompleter : ListCompleter<HaproxyAcl>
{
    public AclCompleter() : base("acl", HaproxyRequests.GetAcls, a => PatternSetNames.Of(a, "ACL")) { }
}

/// <summary>Maps and ACLs are offered by file name; their '#id' forms — and the sets loaded without a file (patterns
/// written in the configuration, which only have an id) — when the word typed starts with '#' (offered quoted, since
/// an unquoted # starts a comment).</summary>
internal static class PatternSetNames
{
    public static IEnumerable<CompletionCandidate> Of(HaproxyPatternSet set, string noun)
    {
        string id = "#" + set.Id.ToString(CultureInfo.InvariantCulture);
        string entries = set.EntryCount.ToString(CultureInfo.InvariantCulture) + " entries";
        if (set.File is null)
        {
            yield return new CompletionCandidate(id, $"{noun} {id}: {set.Description} ({entries})", onlyWhenTyped: true);
            yield break;
        }
        yield return new CompletionCandidate(set.File, $"{noun} {set.File} ({id}, {entries})");
        yield return new CompletionCandidate(id, $"{noun} {id}: {set.File} ({entries})", onlyWhenTyped: true);
    }
}
