using System;
namespace HaproxyRuntime.Client.Models;

/// <summary>A map or ACL as listed by <c>show map</c> / <c>show acl</c>.</summary>
public abstract class HaproxyPatternSet : HaproxyObject
{
    protected HaproxyPatternSet(int id, string? file)
    {
        Id = id;
        File = string.IsNullOrEmpty(file) ? null : file;
    }

    /// <summary>HAProxy's unique id (usable as <c>#id</c>).</summary>
    public int Id { get; }

    /// <summary>The file (or <c>virt@name</c>) it was loaded from; null for an anonymous pattern list.</summary>
    public string? File { get; }

    /// <summary>How to name it in a command: the file, or <c>#id</c> when it has none.</summary>
    public string Reference => File ?? "#" + Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string? Description { get; internal set; }
    public long EntryCount { get; internal set; }

    /// <summary>Version currently used by traffic.</summary>
    public int CurrentVersion { get; internal set; }

    /// <summary>Latest version allocated by <c>prepare</c> (equal to <see cref="CurrentVersion"/> when none is pending).</summary>
    public int NextVersion { get; internal set; }

    /// <summary>After a replacement committed in two phases on several sessions (nodes): the time between the first and
    /// the last node's commit, during which the nodes could route differently. Null otherwise.</summary>
    public TimeSpan? CommitSkew { get; set; }

    public override string ToString() => Reference;
}

public sealed class HaproxyMap : HaproxyPatternSet
{
    public HaproxyMap(int id, string? file) : base(id, file) { }

    /// <summary>The name to use in commands (<see cref="HaproxyPatternSet.Reference"/>); binds -Map of the map cmdlets.</summary>
    public string Map => Reference;
}

public sealed class HaproxyAcl : HaproxyPatternSet
{
    public HaproxyAcl(int id, string? file) : base(id, file) { }

    /// <summary>The name to use in commands (<see cref="HaproxyPatternSet.Reference"/>); binds -Acl of the ACL cmdlets.</summary>
    public string Acl => Reference;
}
