namespace HaproxyRuntime.Client.Models;

/// <summary>One entry of a map. <see cref="Map"/>, <see cref="Key"/> and <see cref="Value"/> bind by property name to
/// the map-entry cmdlets.</summary>
public sealed class HaproxyMapEntry : HaproxyObject
{
    public HaproxyMapEntry(string map, string key, string value, string? reference = null)
    {
        Map = map;
        Key = key;
        Value = value;
        Ref = reference;
    }

    /// <summary>The map as the command named it (file name, <c>virt@name</c> or <c>#id</c>).</summary>
    public string Map { get; }
    public string Key { get; }
    public string Value { get; }

    /// <summary>HAProxy's reference of the entry (<c>#0x...</c> in del/set map), when read from HAProxy.</summary>
    public string? Ref { get; }

    public override string ToString() => $"{Key} {Value}";
}
