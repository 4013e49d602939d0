namespace HaproxyRuntime.Client.Models;

/// <summary>What <c>get map</c> / <c>get acl</c> answers for a sample: HAProxy's own matching (beg, sub, ip, reg...).</summary>
public sealed class HaproxyPatternMatch : HaproxyObject
{
    public HaproxyPatternMatch(string set, string sample)
    {
        Set = set;
        Sample = sample;
    }

    /// <summary>The map or ACL asked.</summary>
    public string Set { get; }
    public string Sample { get; }

    /// <summary>The match method (type=beg, ip, str...).</summary>
    public string? MatchType { get; internal set; }
    public bool Found { get; internal set; }

    /// <summary>The key (map) or pattern (ACL) that matched.</summary>
    public string? Key { get; internal set; }

    /// <summary>The value of the matching map entry (null for ACLs).</summary>
    public string? Value { get; internal set; }

    public override string ToString() => Found ? $"{Sample} -> {Key} {Value}".TrimEnd() : $"{Sample} -> (no match)";
}
