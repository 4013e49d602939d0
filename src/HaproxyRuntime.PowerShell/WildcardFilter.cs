using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell;

/// <summary>The -Name filtering every Get- cmdlet shares: wildcards select, and an exact name that matches nothing is
/// reported as ObjectNotFound (a wildcard that matches nothing is not an error, as with Get-Item).</summary>
internal static class WildcardFilter
{
    public static IEnumerable<T> Apply<T>(Action<ErrorRecord> writeError, IReadOnlyList<T> items, string[]? patterns, Func<T, string> name,
                                          string noun, WildcardOptions options = WildcardOptions.None) =>
        Apply(writeError, items, patterns, (T item) => new[] { name(item) }, noun, options);

    /// <summary>As above, for objects known by several names (a map by its file and by its #id).</summary>
    public static IEnumerable<T> Apply<T>(Action<ErrorRecord> writeError, IReadOnlyList<T> items, string[]? patterns, Func<T, string[]> names,
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
            if (!IsValid(pattern, p))
            {
                // An unbalanced '[' ("virt@fz[.map"): PowerShell would throw an untyped RuntimeException at the first
                // match. Say what is wrong and how to name such an object literally.
                writeError(ErrorRecordFactory.InvalidArgument($"'{p}' is not a valid wildcard pattern (an unmatched '[' or ']'). To name a {noun.ToLowerInvariant()} with such characters literally, escape them with a backtick (`[), or use [WildcardPattern]::Escape().", p));
                continue;
            }
            bool any = false;
            foreach (var item in items.Where(i => names(i).Any(pattern.IsMatch)))
            {
                any = true;
                yield return item;
            }
            if (!any && !WildcardPattern.ContainsWildcardCharacters(p))
            {
                writeError(ErrorRecordFactory.NotFound($"{noun} '{p}' does not exist.{NameSuggestion.For(p, items.SelectMany(names))}", p));
            }
        }
    }

    /// <summary>The names a map or ACL answers to: its file name and '#&lt;id&gt;' (HAProxy takes either in commands).</summary>
    public static string[] PatternSetNames(HaproxyPatternSet set) => new[] { set.Reference, "#" + set.Id };

    private static bool IsValid(WildcardPattern pattern, string text)
    {
        try
        {
            pattern.IsMatch(text);
            return true;
        }
        catch (WildcardPatternException)
        {
            return false;
        }
    }

    /// <summary>
    /// The object a change named, for its -PassThru: the name is matched exactly (ordinal), never as a pattern. The
    /// changing cmdlets take literal names (a map file may well be called "virt@fz[1].map"), so reading the result back
    /// through <see cref="Apply{T}(Cmdlet, IReadOnlyList{T}, string[], Func{T, string[]}, string, WildcardOptions)"/>
    /// wrote other objects ('*' wrote every list) or failed after a change that was done.
    /// </summary>
    public static IEnumerable<T> Exact<T>(Action<ErrorRecord> writeError, IReadOnlyList<T> items, string name, Func<T, string[]> names, string noun)
    {
        // '#007' names the list with id 7, as HAProxy reads it; the objects are known as '#7'.
        if (name.Length > 1 && name[0] == '#' && long.TryParse(name.Substring(1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out long id))
        {
            name = "#" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var item in items)
        {
            if (names(item).Any(n => string.Equals(n, name, StringComparison.Ordinal)))
            {
                yield return item;
                yield break;
            }
        }
        writeError(ErrorRecordFactory.NotFoundAfterChange(noun, name));
    }
}
