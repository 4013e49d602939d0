using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace HaproxyRuntime.PowerShell;

/// <summary>The -Name filtering every Get- cmdlet shares: wildcards select, and an exact name that matches nothing is
/// reported as ObjectNotFound (a wildcard that matches nothing is not an error, as with Get-Item).</summary>
internal static class WildcardFilter
{
    public static IEnumerable<T> Apply<T>(Cmdlet cmdlet, IReadOnlyList<T> items, string[]? patterns, Func<T, string> name,
                                          string noun, WildcardOptions options = WildcardOptions.None) =>
        Apply(cmdlet, items, patterns, (T item) => new[] { name(item) }, noun, options);

    /// <summary>As above, for objects known by several names (a map by its file and by its #id).</summary>
    public static IEnumerable<T> Apply<T>(Cmdlet cmdlet, IReadOnlyList<T> items, string[]? patterns, Func<T, string[]> names,
                                          string noun, WildcardOptions options = WildcardOptions.None)
    {
        if (patterns is null)
        {
            foreach (var item in items) yield return item;
            yield break;
        }
        foreach (var p in patterns)
        {
            var pattern = new WildcardPattern(p, options);
            bool any = false;
            foreach (var item in items.Where(i => names(i).Any(pattern.IsMatch)))
            {
                any = true;
                yield return item;
            }
            if (!any && !WildcardPattern.ContainsWildcardCharacters(p))
            {
                cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException($"{noun} '{p}' does not exist."),
                    ErrorIds.ObjectNotFound, ErrorCategory.ObjectNotFound, p));
            }
        }
    }
}
