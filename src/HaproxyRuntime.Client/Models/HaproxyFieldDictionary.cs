using System;
using System.Collections;
using System.Collections.Generic;

namespace HaproxyRuntime.Client.Models;

/// <summary>Name → value as HAProxy wrote it, in HAProxy's order (a dump's field list: <c>show info</c>, the columns of
/// <c>show stat</c> that have no property). Read-only; a name given twice keeps its first value. Also a non-generic
/// IDictionary, so PowerShell reads a field with dot notation (<c>$info.Fields.Idle_pct</c>) and shows it as a table.</summary>
public sealed class HaproxyFieldDictionary : IReadOnlyDictionary<string, string>, IDictionary
{
    internal static readonly HaproxyFieldDictionary None = new HaproxyFieldDictionary();

    private readonly List<KeyValuePair<string, string>> _ordered = new List<KeyValuePair<string, string>>();
    private readonly Dictionary<string, string> _byName = new Dictionary<string, string>(StringComparer.Ordinal);

    internal void Add(string name, string value)
    {
        if (_byName.ContainsKey(name)) return;
        _byName[name] = value;
        _ordered.Add(new KeyValuePair<string, string>(name, value));
    }

    public string this[string key] => _byName[key];
    public IEnumerable<string> Keys { get { foreach (var kv in _ordered) yield return kv.Key; } }
    public IEnumerable<string> Values { get { foreach (var kv in _ordered) yield return kv.Value; } }
    public int Count => _ordered.Count;
    public bool ContainsKey(string key) => _byName.ContainsKey(key);
    public bool TryGetValue(string key, out string value) => _byName.TryGetValue(key, out value!);
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _ordered.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    object? IDictionary.this[object key]
    {
        get => key is string name && _byName.TryGetValue(name, out var value) ? value : null;
        set => throw ReadOnly();
    }

    ICollection IDictionary.Keys => _ordered.ConvertAll(kv => kv.Key);
    ICollection IDictionary.Values => _ordered.ConvertAll(kv => kv.Value);
    bool IDictionary.IsReadOnly => true;
    bool IDictionary.IsFixedSize => true;
    bool ICollection.IsSynchronized => false;
    object ICollection.SyncRoot => _ordered;
    bool IDictionary.Contains(object key) => key is string name && _byName.ContainsKey(name);
    void IDictionary.Add(object key, object? value) => throw ReadOnly();
    void IDictionary.Clear() => throw ReadOnly();
    void IDictionary.Remove(object key) => throw ReadOnly();
    void ICollection.CopyTo(Array array, int index)
    {
        foreach (var kv in _ordered) array.SetValue(new DictionaryEntry(kv.Key, kv.Value), index++);
    }

    IDictionaryEnumerator IDictionary.GetEnumerator() => new Enumerator(_ordered.GetEnumerator());

    private static NotSupportedException ReadOnly() => new NotSupportedException("The fields HAProxy sent are read-only.");

    private sealed class Enumerator : IDictionaryEnumerator
    {
        private List<KeyValuePair<string, string>>.Enumerator _inner;

        public Enumerator(List<KeyValuePair<string, string>>.Enumerator inner) => _inner = inner;

        public DictionaryEntry Entry => new DictionaryEntry(_inner.Current.Key, _inner.Current.Value);
        public object Key => _inner.Current.Key;
        public object? Value => _inner.Current.Value;
        public object Current => Entry;
        public bool MoveNext() => _inner.MoveNext();
        public void Reset() => throw new NotSupportedException();
    }
}
