using System;
using System.Collections.Generic;
using System.Linq;

namespace HaproxyRuntime.PowerShell;

/// <summary>"Did you mean …?" for a name that matched nothing: the closest existing name, when it is close enough to be
/// a typo (a few edits, case-insensitive), else nothing.</summary>
internal static class NameSuggestion
{
    /// <summary>" Did you mean 'x'?" (with its leading space), or an empty string.</summary>
    public static string For(string wanted, IEnumerable<string> existing)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var name in existing.Distinct(StringComparer.Ordinal))
        {
            int d = Distance(wanted.ToLowerInvariant(), name.ToLowerInvariant());
            if (d < bestDistance || (d == bestDistance && string.CompareOrdinal(name, best) < 0))
            {
                best = name;
                bestDistance = d;
            }
        }
        // A typo, not another name: at most a third of the name's length, and never more than 3 edits.
        int allowed = Math.Min(3, Math.Max(1, wanted.Length / 3));
        return best != null && bestDistance > 0 && bestDistance <= allowed ? $" Did you mean '{best}'?" : string.Empty;
    }

    /// <summary>Levenshtein distance (insert, delete, replace one character).</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            var swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.Length];
    }
}
