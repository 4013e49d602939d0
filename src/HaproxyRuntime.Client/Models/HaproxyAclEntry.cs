namespace HaproxyRuntime.Client.Models;

/// <summary>One pattern of an ACL. <see cref="Acl"/> and <see cref="Pattern"/> bind by property name to the ACL cmdlets.</summary>
public sealed class HaproxyAclEntry : HaproxyObject
{
    public HaproxyAclEntry(string acl, string pattern, string? reference = null)
    {
        Acl = acl;
        Pattern = pattern;
        Ref = reference;
    }

    public string Acl { get; }
    public string Pattern { get; }

    /// <summary>HAProxy's reference of the entry (<c>#0x...</c>), when read from HAProxy.</summary>
    public string? Ref { get; }

    public override string ToString() => Pattern;
}
