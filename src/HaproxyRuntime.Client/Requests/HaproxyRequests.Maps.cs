using System;
using System.Collections.Generic;
using System.Globalization;
using HaproxyRuntime.Client.Answers;
using HaproxyRuntime.Client.Capabilities;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;
using static HaproxyRuntime.Client.Protocol.ReplyExpectations;

namespace HaproxyRuntime.Client.Requests;

public static partial class HaproxyRequests
{
    public static CliRequest<List<HaproxyMap>> GetMaps() =>
        new CliRequest<List<HaproxyMap>>("show map", false, "List maps", "maps",
            (r, c) => PatternParsers.ParseList(HaproxyAnswers.Map.List.Data(r, c), (id, file) => new HaproxyMap(id, file)));

    public static CliRequest<CliDone> AddMapEntry(string map, string key, string value, int? version = null)
    {
        string m = CliArgument.PatternSetName(map, "Map");
        string k = CliArgument.Escape(key, "Key");
        return InSet(map, new CliRequest<CliDone>($"add map {Version(version)}{m} {k} {CliArgument.Escape(value, "Value")}", true,
            "Add map entry", $"{map} {key}", HaproxyAnswers.Map.Add.Interpret));
    }

    /// <summary>Whether an entry can travel as a line of an <c>add map</c> payload, which HAProxy reads without escapes
    /// (map.c cli_parse_add_map): the key up to the first space or tab, then the value after any spaces and tabs, to the
    /// end of the line. So the key holds no space or tab and the value does not begin with one; both are non-empty.</summary>
    public static bool FitsMapPayload(string key, string value) =>
        key.Length > 0 && value.Length > 0 && key.IndexOfAny(PayloadSeparators) < 0 && value[0] != ' ' && value[0] != '\t';

    private static readonly char[] PayloadSeparators = { ' ', '\t' };

    /// <summary><c>add map [@ver] m &lt;&lt;</c> with one "key value" line per entry (each must pass
    /// <see cref="FitsMapPayload"/>): many entries in one command. HAProxy stops at the first entry it refuses, the
    /// earlier ones added, so this is for a prepared version, where a refusal means the version is never committed.</summary>
    public static CliRequest<CliDone> AddMapEntries(string map, IReadOnlyList<KeyValuePair<string, string>> entries, int? version)
    {
        string m = CliArgument.PatternSetName(map, "Map");
        var text = new System.Text.StringBuilder();
        foreach (var e in entries)
        {
            CliArgument.CheckSendable(e.Key, "Key");
            CliArgument.CheckSendable(e.Value, "Value");
            if (!FitsMapPayload(e.Key, e.Value)) throw new HaproxyArgumentException("Key", $"Entry '{CliArgument.Printable(e.Key)}' cannot travel in a payload (a space or tab in its key, or at the start of its value).");
            text.Append(e.Key).Append(' ').Append(e.Value).Append('\n');
        }
        return InSet(map, new CliRequest<CliDone>($"add map {Version(version)}{m}", true,
            "Add map entries", $"{map} ({entries.Count} entries)", HaproxyAnswers.Map.Add.Interpret)).WithPayload(CliPayload.FromText(text.ToString(), "Entry"));
    }

    /// <summary><c>set map m key value</c>: changes the value of the entry with this key.</summary>
    public static CliRequest<CliDone> SetMapEntry(string map, string key, string value)
    {
        string m = CliArgument.PatternSetName(map, "Map");
        string k = CliArgument.Escape(key, "Key");
        RefuseReferenceLikeKey(MapKind, key, "set map");
        return InSet(map, new CliRequest<CliDone>($"set map {m} {k} {CliArgument.Escape(value, "Value")}", true,
            "Set map entry", $"{map} {key}", HaproxyAnswers.Map.Set.Interpret));
    }

    /// <summary><c>set map m #ref value</c>: changes exactly one entry.</summary>
    public static CliRequest<CliDone> SetMapEntryByRef(string map, string reference, string value)
    {
        string m = CliArgument.PatternSetName(map, "Map");
        string r = EntryReference(reference);
        return InSet(map, new CliRequest<CliDone>($"set map {m} {r} {CliArgument.Escape(value, "Value")}", true,
            "Set map entry", $"{map} {r}", HaproxyAnswers.Map.Set.Interpret));
    }

    /// <summary><c>del map</c> by key (one matching entry per call on 3.4.7). HAProxy reads a key beginning with '#'
    /// as an entry reference, so such a key cannot be addressed here; delete it by its reference instead.</summary>
    public static CliRequest<CliDone> RemoveMapEntry(string map, string key) => RemoveEntry(MapKind, map, key);

    /// <summary><c>del map &lt;map&gt; #&lt;ref&gt;</c>: removes exactly one entry, as listed by <c>show map</c>.</summary>
    public static CliRequest<CliDone> RemoveMapEntryByRef(string map, string reference) => RemoveEntryByRef(MapKind, map, reference);

    /// <summary><c>clear map [@ver] m</c>: removes every entry (of that version).</summary>
    public static CliRequest<CliDone> ClearMap(string map, int? version = null) => Clear(MapKind, map, version);

    public static CliRequest<List<HaproxyMapEntry>> GetMapEntries(string map, int? version = null)
    {
        string m = CliArgument.PatternSetName(map, "Map");
        return InSet(map, new CliRequest<List<HaproxyMapEntry>>($"show map {Version(version)}{m}", false, "List map entries", map,
            (r, c) => MapParser.Parse(map, HaproxyAnswers.Map.List.Data(r, c))));
    }

    /// <summary><c>get map m sample</c>: which entry HAProxy's own matching (the map's match method) selects.</summary>
    public static CliRequest<HaproxyPatternMatch> MatchMap(string map, string sample) => Match(MapKind, map, sample);

    /// <summary><c>prepare map m</c>: allocates a new, empty version to fill before committing it atomically.</summary>
    public static CliRequest<int> PrepareMap(string map) => Prepare(MapKind, map);

    /// <summary><c>commit map @ver m</c>: atomically replaces the map's entries with those of the version.</summary>
    public static CliRequest<CliDone> CommitMap(string map, int version) => Commit(MapKind, map, version);

    /// <summary>What differs between the map and the ACL form of a command: the CLI word, the names the values are
    /// refused under, and the noun of the action.</summary>
    private sealed class PatternSetKind
    {
        public PatternSetKind(string word, string setParameter, string keyParameter, string sampleParameter, string noun, HaproxyAnswers.PatternSetAnswers answers)
        {
            Answers = answers;
            Word = word;
            SetParameter = setParameter;
            KeyParameter = keyParameter;
            SampleParameter = sampleParameter;
            Noun = noun;
        }

        public string Word { get; }
        public string SetParameter { get; }
        public string KeyParameter { get; }
        public string SampleParameter { get; }
        public string Noun { get; }
        public HaproxyAnswers.PatternSetAnswers Answers { get; }
    }

    private static readonly PatternSetKind MapKind = new PatternSetKind("map", "Map", "Key", "Match", "map", HaproxyAnswers.Map);
    private static readonly PatternSetKind AclKind = new PatternSetKind("acl", "Acl", "Pattern", "Sample", "ACL", HaproxyAnswers.Acl);

    /// <summary><c>del map|acl</c> by key or pattern (one matching entry per call on 3.4.7). HAProxy reads one
    /// beginning with '#' as an entry reference, so such a key cannot be addressed here; delete it by its reference.</summary>
    private static CliRequest<CliDone> RemoveEntry(PatternSetKind kind, string name, string key)
    {
        string n = CliArgument.PatternSetName(name, kind.SetParameter);
        string k = CliArgument.Escape(key, kind.KeyParameter);
        RefuseReferenceLikeKey(kind, key, $"del {kind.Word}");
        return InSet(name, new CliRequest<CliDone>($"del {kind.Word} {n} {k}", true, $"Remove {kind.Noun} entry", $"{name} {key}", kind.Answers.Remove.Interpret));
    }

    /// <summary><c>del map|acl &lt;name&gt; #&lt;ref&gt;</c>: removes exactly one entry, as listed by <c>show</c>.</summary>
    private static CliRequest<CliDone> RemoveEntryByRef(PatternSetKind kind, string name, string reference)
    {
        string n = CliArgument.PatternSetName(name, kind.SetParameter);
        string r = EntryReference(reference);
        return InSet(name, new CliRequest<CliDone>($"del {kind.Word} {n} {r}", true, $"Remove {kind.Noun} entry", $"{name} {r}", kind.Answers.Remove.Interpret));
    }

    /// <summary><c>clear map|acl [@ver] name</c>: removes every entry (of that version).</summary>
    private static CliRequest<CliDone> Clear(PatternSetKind kind, string name, int? version)
    {
        string n = CliArgument.PatternSetName(name, kind.SetParameter);
        return InSet(name, new CliRequest<CliDone>($"clear {kind.Word} {Version(version)}{n}", true, $"Clear {kind.Noun}", name, kind.Answers.Clear.Interpret));
    }

    /// <summary><c>get map|acl name sample</c>: which entry HAProxy's own matching (the match method) selects.</summary>
    private static CliRequest<HaproxyPatternMatch> Match(PatternSetKind kind, string name, string sample)
    {
        string n = CliArgument.PatternSetName(name, kind.SetParameter);
        return InSet(name, new CliRequest<HaproxyPatternMatch>($"get {kind.Word} {n} {CliArgument.Escape(sample, kind.SampleParameter)}", false,
            $"Match {kind.Noun}", name, (r, c) => PatternParsers.ParseMatch(name, sample, kind.Answers.Match.Data(r, c))));
    }

    private static CliRequest<int> Prepare(PatternSetKind kind, string name)
    {
        string n = CliArgument.PatternSetName(name, kind.SetParameter);
        return InSet(name, new CliRequest<int>($"prepare {kind.Word} {n}", true, $"Prepare a new {kind.Word} version", name, (r, c) =>
        {
            // "New version created: 3"
            const string prefix = "New version created: ";
            if (!r.IsError && r.FirstLine.StartsWith(prefix, StringComparison.Ordinal) &&
                int.TryParse(r.FirstLine.Substring(prefix.Length).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            {
                return v;
            }
            kind.Answers.Prepare.Judge(r, c);
            throw HaproxyErrorClassifier.ToException(r, c);
        }));
    }

    private static CliRequest<CliDone> Commit(PatternSetKind kind, string name, int version)
    {
        string n = CliArgument.PatternSetName(name, kind.SetParameter);
        return InSet(name, new CliRequest<CliDone>($"commit {kind.Word} {Version(version)}{n}", true, $"Commit {kind.Word} version {version}", name, kind.Answers.Commit.Interpret));
    }

    /// <summary>A virtual map or ACL (<c>virt@name</c>) exists only on HAProxy 3.0 and later.</summary>
    private static CliRequest<T> InSet<T>(string name, CliRequest<T> request) =>
        name.StartsWith("virt@", StringComparison.Ordinal) ? request.Requires(HaproxyFeature.VirtualPatternSets) : request;

    private static string Version(int? version) =>
        version is int v ? "@" + v.ToString(CultureInfo.InvariantCulture) + " " : string.Empty;

    private static void RefuseReferenceLikeKey(PatternSetKind kind, string key, string verb)
    {
        if (key.StartsWith("#", StringComparison.Ordinal))
        {
            throw new HaproxyArgumentException(kind.KeyParameter,
                $"{kind.KeyParameter} '{CliArgument.Printable(key)}' begins with '#', which HAProxy reads as an entry reference in '{verb}'. Address it by its entry reference (#0x..., as 'show {kind.Word}' lists it).");
        }
    }

    /// <summary>Validates "#0x55d0c1a2b3c0" (the '#' optional) and returns it with the '#'.</summary>
    internal static string EntryReference(string reference)
    {
        CliArgument.CheckSendable(reference, "Ref");
        string r = reference.StartsWith("#", StringComparison.Ordinal) ? reference : "#" + reference;
        if (r.Length < 2 || !IsHexReference(r.Substring(1)))
        {
            throw new HaproxyArgumentException("Ref", $"'{CliArgument.Printable(reference)}' is not an entry reference like #0x55d0c1a2b3c0.");
        }
        return r;
    }

    private static bool IsHexReference(string s)
    {
        int start = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? 2 : 0;
        if (s.Length == start) return false;
        for (int i = start; i < s.Length; i++)
        {
            if (!Uri.IsHexDigit(s[i])) return false;
        }
        return true;
    }
}
