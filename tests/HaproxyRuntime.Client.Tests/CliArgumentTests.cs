using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;
using Xunit;

namespace HaproxyRuntime.Client.Tests;

/// <summary>
/// A reference model of HAProxy's CLI line parser (protocol doc §3): a command ends at an unescaped ';', words are
/// split on unescaped space/tab, '\x' becomes 'x'. There is no quoting.
/// </summary>
internal static class HaproxyLineModel
{
    public sealed class Parsed
    {
        public List<List<string>> Commands { get; } = new List<List<string>>();

        /// <summary>The line ended with an unescaped '\': HAProxy would join it with the next line.</summary>
        public bool ContinuesOnNextLine { get; set; }

        /// <summary>HAProxy's payload check: the raw text after the last space starts with "&lt;&lt;".</summary>
        public bool StartsPayload { get; set; }
    }

    public static Parsed Parse(string line)
    {
        var result = new Parsed();
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '\n' || c == '\r' || c == '\0') throw new InvalidOperationException("raw control char in line");
            if (c == '\\')
            {
                if (i + 1 == line.Length) { result.ContinuesOnNextLine = true; break; }
                word.Append(line[i + 1]);
                inWord = true;
                i++;
                continue;
            }
            if (c == ' ' || c == '\t')
            {
                if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
                continue;
            }
            if (c == ';')
            {
                if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
                result.Commands.Add(words);
                words = new List<string>();
                continue;
            }
            word.Append(c);
            inWord = true;
        }
        if (inWord) words.Add(word.ToString());
        result.Commands.Add(words);
        int lastSpace = line.LastIndexOf(' ');
        result.StartsPayload = line.Substring(lastSpace + 1).StartsWith("<<", StringComparison.Ordinal);
        return result;
    }
}

public class CliArgumentTests
{
    [Theory]
    [InlineData("a b", @"a\ b")]
    [InlineData("semi;key", @"semi\;key")]
    [InlineData(@"back\slash", @"back\\slash")]
    [InlineData("<<x", @"\<\<x")]
    [InlineData("v a l", @"v\ a\ l")]
    [InlineData("tab\there", "tab\\\there")]
    [InlineData("a<b", @"a\<b")]
    [InlineData(@"end\", @"end\\")]
    [InlineData(";", @"\;")]
    [InlineData(" ", @"\ ")]
    [InlineData("#hash", "#hash")]
    [InlineData("\"quoted key\"", "\"quoted\\ key\"")]
    [InlineData("/api/v1?x=1&y=2", "/api/v1?x=1&y=2")]
    [InlineData("virt@paths.map", "virt@paths.map")]
    [InlineData("été", "été")]
    public void Escape_EscapesExactlyTheSpecialCharacters(string value, string expected)
    {
        Assert.Equal(expected, CliArgument.Escape(value, "Key"));
    }

    [Fact]
    public void Escape_ReturnsSameInstanceWhenNothingToEscape()
    {
        string v = "plain-value_1.2:3";
        Assert.Same(v, CliArgument.Escape(v, "Key"));
    }

    [Theory]
    [InlineData("a\nb", "a line feed (LF)", 1)]
    [InlineData("a\rb", "a carriage return (CR)", 1)]
    [InlineData("ab\0", "a NUL character", 2)]
    [InlineData("\n", "a line feed (LF)", 0)]
    [InlineData("x\r\n", "a carriage return (CR)", 1)]
    public void Escape_RefusesCrLfNul_NamingParameterAndPosition(string value, string described, int position)
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => CliArgument.Escape(value, "Value"));
        Assert.Equal("Value", ex.ParameterName);
        Assert.Equal(HaproxyErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("Value contains " + described + " at position " + position, ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
        Assert.DoesNotContain("\r", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Escape_RefusesEmptyAndNull(string? value)
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => CliArgument.Escape(value, "Key"));
        Assert.Equal("Key", ex.ParameterName);
        Assert.StartsWith("Key must not be empty", ex.Message);
    }

    [Fact]
    public void Escape_AcceptsMaxLength_RefusesOneMore()
    {
        string max = new string('k', CliArgument.MaxWordLength);
        Assert.Equal(max, CliArgument.Escape(max, "Key"));
        var ex = Assert.Throws<HaproxyArgumentException>(() => CliArgument.Escape(max + "k", "Key"));
        Assert.Equal("Key", ex.ParameterName);
        Assert.Contains("8193 characters", ex.Message);
        Assert.Equal(8192, CliArgument.MaxWordLength);
    }

    [Theory]
    [InlineData("mybackend1")]
    [InlineData("web-1_a.b:c")]
    [InlineData("A")]
    [InlineData("0")]
    public void Name_AcceptsAllowedNames(string name)
    {
        Assert.Same(name, CliArgument.Name(name, "Name"));
    }

    [Theory]
    [InlineData("a b", " ")]
    [InlineData("a;b", ";")]
    [InlineData("a/b", "/")]
    [InlineData("a\\b", "\\")]
    [InlineData("a<b", "<")]
    [InlineData("a\tb", "\\t")]
    [InlineData("é", "é")]
    [InlineData("a@b", "@")]
    [InlineData("#1", "#")]
    public void Name_RefusesOtherCharacters(string name, string shownChar)
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => CliArgument.Name(name, "Backend"));
        Assert.Equal("Backend", ex.ParameterName);
        Assert.Contains($"contains '{shownChar}'", ex.Message);
    }

    [Fact]
    public void Name_CharacterSetIsExactlyLettersDigitsDashUnderscoreDotColon()
    {
        for (int code = 1; code < 0x250; code++)
        {
            char c = (char)code;
            bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.:".IndexOf(c) >= 0;
            string name = "a" + c + "b";
            bool accepted;
            try { CliArgument.Name(name, "Name"); accepted = true; }
            catch (HaproxyArgumentException) { accepted = false; }
            Assert.True(allowed == accepted, $"U+{code:X4}: expected {(allowed ? "accepted" : "refused")}");
        }
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData(null, "must not be empty")]
    [InlineData("a\nb", "line feed")]
    public void Name_RefusesUnsendable(string? name, string fragment)
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => CliArgument.Name(name, "Name"));
        Assert.Equal("Name", ex.ParameterName);
        Assert.Contains(fragment, ex.Message);
    }

    [Fact]
    public void Name_RefusesOverLong()
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => CliArgument.Name(new string('a', 8193), "Name"));
        Assert.Equal("Name", ex.ParameterName);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]:80")]
    [InlineData("inter")]
    [InlineData("2s")]
    [InlineData("web.example.com")]
    public void Word_AcceptsPlainWords(string word)
    {
        Assert.Same(word, CliArgument.Word(word, "Address"));
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("a\tb")]
    [InlineData("a;b")]
    [InlineData("a\\b")]
    [InlineData("<<x")]
    [InlineData("a\u0001b")]
    [InlineData("a\u007fb")]
    [InlineData("a\nb")]
    [InlineData("")]
    public void Word_RefusesAnythingNeedingEscapes(string word)
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => CliArgument.Word(word, "Address"));
        Assert.Equal("Address", ex.ParameterName);
    }

    [Fact]
    public void Printable_ShowsControlCharactersAndCutsLongValues()
    {
        Assert.Equal("a\\nb\\rc\\td\\0e\\u0001", CliArgument.Printable("a\nb\rc\td\0e\u0001"));
        string cut = CliArgument.Printable(new string('x', 500));
        Assert.True(cut.Length < 100, cut);
        Assert.EndsWith("…", cut);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("semi;key")]
    [InlineData(@"back\slash")]
    [InlineData("<<x")]
    [InlineData(@"x\")]
    public void Escape_RoundTripsThroughHaproxyParser_Examples(string value)
    {
        var parsed = HaproxyLineModel.Parse("get map m " + CliArgument.Escape(value, "Key"));
        Assert.Single(parsed.Commands);
        Assert.Equal(new[] { "get", "map", "m", value }, parsed.Commands[0]);
        Assert.False(parsed.ContinuesOnNextLine);
        Assert.False(parsed.StartsPayload);
    }

    /// <summary>Property: any value without CR/LF/NUL, once escaped, is read back by HAProxy as exactly one word equal
    /// to the value, never splits the command, never continues the line and never starts a payload.</summary>
    [Fact]
    public void Escape_Property_RandomValuesRoundTripAsOneWord()
    {
        const int seed = 20250734;
        var random = new Random(seed);
        const string pool = "ab Z09 ;;\\\\\t<<<#\"'-_.:/@&?=%$!*()[]{}|^~`,é€\u0001\u001f\u007f\u00a0\u2028";
        for (int iteration = 0; iteration < 5000; iteration++)
        {
            int length = 1 + random.Next(40);
            var sb = new StringBuilder();
            for (int i = 0; i < length; i++)
            {
                int pick = random.Next(pool.Length + 1);
                if (pick == pool.Length) sb.Append("\U0001F600"); // a surrogate pair
                else sb.Append(pool[pick]);
            }
            string value = sb.ToString();
            string escaped = CliArgument.Escape(value, "Value");
            string line = "add map virt@m " + escaped + " " + escaped;
            var parsed = HaproxyLineModel.Parse(line);
            string context = $"seed {seed}, iteration {iteration}, value '{CliArgument.Printable(value)}', escaped '{CliArgument.Printable(escaped)}'";
            Assert.True(parsed.Commands.Count == 1, "command split: " + context);
            Assert.True(parsed.Commands[0].SequenceEqual(new[] { "add", "map", "virt@m", value, value }),
                "words differ: " + string.Join(" | ", parsed.Commands[0].Select(CliArgument.Printable)) + " -- " + context);
            Assert.False(parsed.ContinuesOnNextLine, "line continues: " + context);
            Assert.False(parsed.StartsPayload, "payload started: " + context);

            // The value alone as the last word too (the payload check looks at the last word).
            var alone = HaproxyLineModel.Parse("echo " + escaped);
            Assert.True(alone.Commands.Count == 1 && alone.Commands[0].Count == 2 && alone.Commands[0][1] == value, "alone: " + context);
            Assert.False(alone.StartsPayload, "payload started (alone): " + context);
        }
    }
}
