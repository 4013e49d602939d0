using System.Collections.Generic;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.Client.Parsing;

/// <summary>Parses <c>show map &lt;map&gt;</c>: "0x55d0... key value" per entry.</summary>
/// <remarks>The dump separates reference, key and value with single spaces and does not escape them, so a key that
/// itself contains a space cannot be told apart from the value here; keys are taken as the first word, which is
/// exact for every key loaded from a file or a payload (those cannot contain spaces).</remarks>
public static class MapParser
{
    public static List<HaproxyMapEntry> Parse(string map, IReadOnlyList<string> lines)
    {
        var entries = new List<HaproxyMapEntry>(lines.Count);
        foreach (var line in lines)
        {
            int refEnd = line.IndexOf(' ');
            if (refEnd <= 0) continue;
            int keyEnd = line.IndexOf(' ', refEnd + 1);
            string key = keyEnd < 0 ? line.Substring(refEnd + 1) : line.Substring(refEnd + 1, keyEnd - refEnd - 1);
            string value = keyEnd < 0 ? string.Empty : line.Substring(keyEnd + 1);
            entries.Add(new HaproxyMapEntry(map, key, value, "#" + line.Substring(0, refEnd)));
        }
        return entries;
    }
}
