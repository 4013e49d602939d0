using System;
using System.Collections.Generic;
using System.Linq;

namespace HaproxyRuntime.Client.Models;

/// <summary>What replacing a map's or an ACL's content would do to one key or pattern.</summary>
public enum HaproxyChange
{
    Add,
    Change,
    Remove,
}

/// <summary>One key whose entry a new map content adds, changes or removes. Map, Key and Value bind by property name:
/// piped on, additions go to Add-HaproxyMapEntry, changes to Set-HaproxyMapEntry, removals to Remove-HaproxyMapEntry.</summary>
public sealed class HaproxyMapDifference : HaproxyObject
{
    public HaproxyMapDifference(HaproxyChange change, string map, string key, string value, string? oldValue)
    {
        Change = change;
        Map = map;
        Key = key;
        Value = value;
        OldValue = oldValue;
    }

    public HaproxyChange Change { get; }
    public string Map { get; }
    public string Key { get; }

    /// <summary>The value after the change; for a removal, the value removed.</summary>
    public string Value { get; }

    /// <summary>The live value for a change or a removal; null for an addition.</summary>
    public string? OldValue { get; }

    /// <summary>The differences between a map's live entries and a new content, additions and changes in the new
    /// content's order, then removals in the live order. A key given twice counts with its last value, as in the replace.</summary>
    public static List<HaproxyMapDifference> Between(string map, IEnumerable<HaproxyMapEntry> live, IEnumerable<KeyValuePair<string, string>> next)
    {
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        var liveOrder = new List<string>();
        foreach (var e in live)
        {
            if (!current.ContainsKey(e.Key)) liveOrder.Add(e.Key);
            current[e.Key] = e.Value;
        }
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var e in next)
        {
            if (!wanted.ContainsKey(e.Key)) order.Add(e.Key);
            wanted[e.Key] = e.Value;
        }
        var diff = new List<HaproxyMapDifference>();
        foreach (var key in order)
        {
            string value = wanted[key];
            if (!current.TryGetValue(key, out var old)) diff.Add(new HaproxyMapDifference(HaproxyChange.Add, map, key, value, null));
            else if (!string.Equals(old, value, StringComparison.Ordinal)) diff.Add(new HaproxyMapDifference(HaproxyChange.Change, map, key, value, old));
        }
        diff.AddRange(liveOrder.Where(k => !wanted.ContainsKey(k)).Select(k => new HaproxyMapDifference(HaproxyChange.Remove, map, k, current[k], current[k])));
        return diff;
    }

    public override string ToString() => $"{Change} {Key}";
}

/// <summary>One pattern a new ACL content adds or removes. Acl and Pattern bind by property name: piped on, additions go
/// to Add-HaproxyAclEntry, removals to Remove-HaproxyAclEntry.</summary>
public sealed class HaproxyAclDifference : HaproxyObject
{
    public HaproxyAclDifference(HaproxyChange change, string acl, string pattern)
    {
        Change = change;
        Acl = acl;
        Pattern = pattern;
    }

    public HaproxyChange Change { get; }
    public string Acl { get; }
    public string Pattern { get; }

    /// <summary>The patterns the new content adds (in its order), then those it removes (in the live order).</summary>
    public static List<HaproxyAclDifference> Between(string acl, IEnumerable<HaproxyAclEntry> live, IEnumerable<string> next)
    {
        var current = new HashSet<string>(StringComparer.Ordinal);
        var liveOrder = new List<string>();
        foreach (var e in live) if (current.Add(e.Pattern)) liveOrder.Add(e.Pattern);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var p in next) if (wanted.Add(p)) order.Add(p);
        var diff = order.Where(p => !current.Contains(p)).Select(p => new HaproxyAclDifference(HaproxyChange.Add, acl, p)).ToList();
        diff.AddRange(liveOrder.Where(p => !wanted.Contains(p)).Select(p => new HaproxyAclDifference(HaproxyChange.Remove, acl, p)));
        return diff;
    }

    public override string ToString() => $"{Change} {Pattern}";
}
