using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Capabilities;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;
using Xunit;
using static HaproxyRuntime.Client.Tests.TestHarness;

namespace HaproxyRuntime.Client.Tests;

/// <summary>The stick-table requests: exact lines, what they need, and every refusal before sending.</summary>
public class StickTableCommandTests
{
    private static readonly KeyValuePair<string, long>[] Gpc0Is5 = { new KeyValuePair<string, long>("gpc0", 5) };

    [Fact]
    public void GetStickTables_IsShowTable()
    {
        var c = HaproxyRequests.GetStickTables();
        Assert.Equal("show table", c.Line);
        Assert.False(c.IsWrite);
        Assert.Null(c.MinimumLevel);
        Assert.Null(c.RequiredFeature);
        Assert.NotNull(c.CreateLineParser());
    }

    [Fact]
    public void GetStickTableEntries_AllOrFiltered()
    {
        var all = HaproxyRequests.GetStickTableEntries("st_ip");
        Assert.Equal("show table st_ip", all.Line);
        Assert.Equal("st_ip", all.Target);
        Assert.Equal("operator", all.MinimumLevel);
        Assert.False(all.IsWrite);
        Assert.NotNull(all.CreateLineParser());

        var filtered = HaproxyRequests.GetStickTableEntries("st_ip", new[] { StickTableFilter.Parse("gpc0 gt 0"), StickTableFilter.Parse("data.http_req_rate -GE 10") });
        Assert.Equal("show table st_ip data.gpc0 gt 0 data.http_req_rate ge 10", filtered.Line);
        Assert.Null(filtered.RequiredFeature);
    }

    [Fact]
    public void Filters_AtMostFour_AndAnArrayIndexNeeds32()
    {
        var four = Enumerable.Repeat(StickTableFilter.Parse("gpc0 ge 0"), 4).ToList();
        Assert.EndsWith("data.gpc0 ge 0 data.gpc0 ge 0 data.gpc0 ge 0 data.gpc0 ge 0", HaproxyRequests.GetStickTableEntries("t", four).Line);
        var five = Enumerable.Repeat(StickTableFilter.Parse("gpc0 ge 0"), 5).ToList();
        Assert.Equal("Filter", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetStickTableEntries("t", five)).ParameterName);
        Assert.Equal("Filter", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.ClearStickTableEntries("t", five)).ParameterName);
        Assert.Equal("Filter", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.ClearStickTableEntries("t", new List<StickTableFilter>())).ParameterName);
        var indexed = HaproxyRequests.GetStickTableEntries("t", new[] { StickTableFilter.Parse("gpc[1] gt 0") });
        Assert.Equal("show table t data.gpc[1] gt 0", indexed.Line);
        Assert.Equal(HaproxyFeature.StickTableDataIndex, indexed.RequiredFeature);
    }

    [Fact]
    public void GetStickTableEntry_ByKey()
    {
        var c = HaproxyRequests.GetStickTableEntry("st_str", HaproxyStickTableKeyType.String, "a b;c");
        Assert.Equal(@"show table st_str key a\ b\;c", c.Line);
        Assert.Equal("st_str a b;c", c.Target);
        Assert.Equal("operator", c.MinimumLevel);
    }

    [Fact]
    public void SetStickTableEntry_OneRequestWithEveryDatum()
    {
        var c = HaproxyRequests.SetStickTableEntry("st_ip", HaproxyStickTableKeyType.Ip, "10.0.0.1",
            new[] { new KeyValuePair<string, long>("GPC0", 5), new KeyValuePair<string, long>("data.http_req_rate", -3), new KeyValuePair<string, long>("gpt0", long.MaxValue) });
        Assert.Equal("set table st_ip key 10.0.0.1 data.gpc0 5 data.http_req_rate -3 data.gpt0 9223372036854775807", c.Line);
        Assert.True(c.IsWrite);
        Assert.Equal("st_ip 10.0.0.1", c.Target);
        Assert.Equal("Set stick table entry", c.Action);
        Assert.Equal("operator", c.MinimumLevel);
        Assert.Null(c.RequiredFeature);
        var indexed = HaproxyRequests.SetStickTableEntry("st_str", HaproxyStickTableKeyType.String, "/a", new[] { new KeyValuePair<string, long>("gpc[1]", 3) });
        Assert.Equal("set table st_str key /a data.gpc[1] 3", indexed.Line);
        Assert.Equal(HaproxyFeature.StickTableDataIndex, indexed.RequiredFeature);
    }

    [Fact]
    public void SetStickTableEntry_RefusesNoDataAndADatumTwice()
    {
        Assert.Equal("Data", Assert.Throws<HaproxyArgumentException>(() =>
            HaproxyRequests.SetStickTableEntry("t", HaproxyStickTableKeyType.Ip, "10.0.0.1", Array.Empty<KeyValuePair<string, long>>())).ParameterName);
        Assert.Equal("Data", Assert.Throws<HaproxyArgumentException>(() =>
            HaproxyRequests.SetStickTableEntry("t", HaproxyStickTableKeyType.Ip, "10.0.0.1", new[] { new KeyValuePair<string, long>("gpc0", 1), new KeyValuePair<string, long>("GPC0", 2) })).ParameterName);
    }

    [Theory]
    [InlineData("gpc0;show info")]
    [InlineData("gpc0 5")]
    [InlineData("")]
    [InlineData("0gpc")]
    [InlineData("gpc[1")]
    [InlineData("gpc[]")]
    [InlineData("gpc[x]")]
    [InlineData("gpc[1]x")]
    [InlineData("http-req")]
    [InlineData("gpc0\n")]
    [InlineData("<<")]
    public void SetStickTableEntry_RefusesADataNameHaproxyCannotHave(string name) =>
        Assert.Equal("Data", Assert.Throws<HaproxyArgumentException>(() =>
            HaproxyRequests.SetStickTableEntry("t", HaproxyStickTableKeyType.Ip, "10.0.0.1", new[] { new KeyValuePair<string, long>(name, 1) })).ParameterName);

    [Fact]
    public void Clear_AllByFilterByKey()
    {
        var all = HaproxyRequests.ClearStickTable("st_ip");
        Assert.Equal("clear table st_ip", all.Line);
        Assert.Equal("st_ip", all.Target);
        Assert.Equal("Clear stick table", all.Action);
        Assert.True(all.IsWrite);
        Assert.Equal("operator", all.MinimumLevel);

        var filtered = HaproxyRequests.ClearStickTableEntries("st_ip", new[] { StickTableFilter.Parse("gpc0 -gt 0") });
        Assert.Equal("clear table st_ip data.gpc0 gt 0", filtered.Line);
        Assert.Equal("st_ip (data.gpc0 gt 0)", filtered.Target);
        Assert.Equal("operator", filtered.MinimumLevel);

        var byKey = HaproxyRequests.ClearStickTableEntry("st_int", HaproxyStickTableKeyType.Integer, "0042");
        Assert.Equal("clear table st_int key 42", byKey.Line);
        Assert.Equal("st_int 0042", byKey.Target);
    }

    [Theory]
    [InlineData("a b", @"a\ b")]
    [InlineData("t;show info", @"t\;show\ info")]
    [InlineData("<<x", @"\<\<x")]
    [InlineData("peers/t1", "peers/t1")]
    public void TableNames_AreEscaped(string table, string word) =>
        Assert.Equal("clear table " + word, HaproxyRequests.ClearStickTable(table).Line);

    [Theory]
    [InlineData("")]
    [InlineData("t\n")]
    [InlineData("t\r")]
    [InlineData("t\0")]
    public void TableNames_ThatCannotBeSent_AreRefused(string table) =>
        Assert.Equal("Table", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.ClearStickTable(table)).ParameterName);
}

/// <summary>Keys are checked against the table's key type before anything is sent.</summary>
public class StickTableKeyTests
{
    [Theory]
    [InlineData(HaproxyStickTableKeyType.Ip, "127.0.0.1", "127.0.0.1")]
    [InlineData(HaproxyStickTableKeyType.Ip, "0.0.0.0", "0.0.0.0")]
    [InlineData(HaproxyStickTableKeyType.Ip, "255.255.255.255", "255.255.255.255")]
    [InlineData(HaproxyStickTableKeyType.Ipv6, "::1", "::1")]
    [InlineData(HaproxyStickTableKeyType.Ipv6, "2001:DB8:0:0::1", "2001:db8::1")]
    [InlineData(HaproxyStickTableKeyType.Ipv6, "127.0.0.1", "::ffff:127.0.0.1")]
    [InlineData(HaproxyStickTableKeyType.Ipv6, "::ffff:127.0.0.1", "::ffff:127.0.0.1")]
    [InlineData(HaproxyStickTableKeyType.Integer, "0", "0")]
    [InlineData(HaproxyStickTableKeyType.Integer, "0042", "42")]
    [InlineData(HaproxyStickTableKeyType.Integer, "4294967295", "4294967295")]
    [InlineData(HaproxyStickTableKeyType.String, "/a b", @"/a\ b")]
    [InlineData(HaproxyStickTableKeyType.String, @"a\b;c<<d", @"a\\b\;c\<\<d")]
    [InlineData(HaproxyStickTableKeyType.String, "#1", "#1")]
    [InlineData(HaproxyStickTableKeyType.String, "é日本", "é日本")]
    [InlineData(HaproxyStickTableKeyType.Unknown, "a b", @"a\ b")]
    public void AKeyOfTheTablesType_IsSentAsHaproxyReadsIt(HaproxyStickTableKeyType type, string key, string word) =>
        Assert.Equal(word, HaproxyRequests.StickTableKey("t", type, key));

    [Theory]
    [InlineData(HaproxyStickTableKeyType.Ip, "1.2.3")]
    [InlineData(HaproxyStickTableKeyType.Ip, "127.1")]
    [InlineData(HaproxyStickTableKeyType.Ip, "256.0.0.1")]
    [InlineData(HaproxyStickTableKeyType.Ip, "01.2.3.4")]
    [InlineData(HaproxyStickTableKeyType.Ip, "0x7f.0.0.1")]
    [InlineData(HaproxyStickTableKeyType.Ip, "::1")]
    [InlineData(HaproxyStickTableKeyType.Ip, "::ffff:127.0.0.1")]
    [InlineData(HaproxyStickTableKeyType.Ip, "127.0.0.1 ")]
    [InlineData(HaproxyStickTableKeyType.Ip, "127.0.0.1;show info")]
    [InlineData(HaproxyStickTableKeyType.Ip, "localhost")]
    [InlineData(HaproxyStickTableKeyType.Ipv6, "fe80::1%lo")]
    [InlineData(HaproxyStickTableKeyType.Ipv6, "[::1]")]
    [InlineData(HaproxyStickTableKeyType.Ipv6, "1::2::3")]
    [InlineData(HaproxyStickTableKeyType.Ipv6, "127.1")]
    [InlineData(HaproxyStickTableKeyType.Ipv6, ":: 1")]
    [InlineData(HaproxyStickTableKeyType.Integer, "-1")]
    [InlineData(HaproxyStickTableKeyType.Integer, "+1")]
    [InlineData(HaproxyStickTableKeyType.Integer, "4294967296")]
    [InlineData(HaproxyStickTableKeyType.Integer, "99999999999999999999999")]
    [InlineData(HaproxyStickTableKeyType.Integer, "abc")]
    [InlineData(HaproxyStickTableKeyType.Integer, "1 ")]
    [InlineData(HaproxyStickTableKeyType.Integer, "٣")]
    [InlineData(HaproxyStickTableKeyType.Binary, "4142")]
    [InlineData(HaproxyStickTableKeyType.String, "")]
    [InlineData(HaproxyStickTableKeyType.String, "a\nclear table t")]
    [InlineData(HaproxyStickTableKeyType.String, "a\r")]
    [InlineData(HaproxyStickTableKeyType.String, "a\0")]
    public void AnyOtherKey_IsRefusedBeforeSending(HaproxyStickTableKeyType type, string key)
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.StickTableKey("t", type, key));
        Assert.Equal("Key", ex.ParameterName);
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.ClearStickTableEntry("t", type, key));
    }

    [Fact]
    public void ABinaryKey_IsRefusedWithWhatToDoInstead()
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetStickTableEntry("st_bin", HaproxyStickTableKeyType.Binary, "4142"));
        Assert.Contains("binary keys", ex.Message);
        Assert.Contains("filter", ex.Message);
    }

    [Theory]
    [InlineData("4142000000000000", "4142", true)]
    [InlineData("4142000000000000", "0x4142", true)]
    [InlineData("4142000000000000", "414200", true)]
    [InlineData("4142000000000000", "4142000000000000", true)]
    [InlineData("4142000000000000", "41", false)]
    [InlineData("4142000000000000", "4143", false)]
    [InlineData("4142000000000001", "4142", false)]
    [InlineData("41", "414200", false)]
    [InlineData("ABCD0000", "abcd", true)]
    public void BinaryKeys_MatchWithHaproxysZeroPadding(string entryKey, string hex, bool matches) =>
        Assert.Equal(matches, HaproxyRequests.BinaryKeyMatches(entryKey, hex));

    [Theory]
    [InlineData("414")]
    [InlineData("0x")]
    [InlineData("41 42")]
    [InlineData("AB;")]
    [InlineData("zz")]
    public void BinaryKeys_ThatAreNotHexBytes_AreRefused(string hex) =>
        Assert.Equal("Key", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.BinaryKeyHex(hex)).ParameterName);
}

/// <summary>'-Filter' strings: three words, HAProxy's operators, a 64-bit value; anything else refused naming it.</summary>
public class StickTableFilterTests
{
    [Theory]
    [InlineData("gpc0 gt 0", "data.gpc0 gt 0")]
    [InlineData("  gpc0\tGT   -5 ", "data.gpc0 gt -5")]
    [InlineData("data.http_req_rate -ge 100", "data.http_req_rate ge 100")]
    [InlineData("DATA.Conn_Cnt -NE +7", "data.conn_cnt ne 7")]
    [InlineData("gpc[12] le 9223372036854775807", "data.gpc[12] le 9223372036854775807")]
    [InlineData("gpt0 eq -9223372036854775808", "data.gpt0 eq -9223372036854775808")]
    [InlineData("x lt 1", "data.x lt 1")]
    public void Parse_ReadsHaproxysForm(string text, string cli)
    {
        var f = StickTableFilter.Parse(text);
        Assert.Equal(cli, f.ToCli());
        Assert.Equal(text, f.Text);
    }

    [Theory]
    [InlineData("gpc0 > 0", "'>'")]
    [InlineData("gpc0 -like 0", "-like")]
    [InlineData("gpc0 gt", "three words")]
    [InlineData("gpc0 gt 0 data.gpc1 gt 0", "three words")]
    [InlineData("gpc0 gt 1.5", "whole number")]
    [InlineData("gpc0 gt 9223372036854775808", "whole number")]
    [InlineData("gpc0 gt 0x10", "whole number")]
    [InlineData("gpc0;show gt 0", "not a stick-table data type")]
    [InlineData("gpc0 gt 0;show\\ info", "three words")]
    [InlineData("gpc0 gt 0;show", "whole number")]
    [InlineData("gpc0 gt <<", "whole number")]
    [InlineData("", "empty")]
    public void Parse_RefusesAnythingElse_NamingTheFilter(string text, string says)
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => StickTableFilter.Parse(text));
        Assert.Equal("Filter", ex.ParameterName);
        Assert.Contains(says, ex.Message);
        if (text.Length > 0) Assert.Contains($"Filter '{text}'", ex.Message);
    }

    [Fact]
    public void Parse_RefusesALineBreak() =>
        Assert.Equal("Filter", Assert.Throws<HaproxyArgumentException>(() => StickTableFilter.Parse("gpc0 gt 0\nclear table t")).ParameterName);

    [Fact]
    public void Constructor_ChecksItsParts()
    {
        Assert.Equal("data.gpc0 lt 3", new StickTableFilter("gpc0", "-lt", 3).ToCli());
        Assert.Throws<HaproxyArgumentException>(() => new StickTableFilter("gpc0", "=", 3));
        Assert.Throws<HaproxyArgumentException>(() => new StickTableFilter("gpc 0", "eq", 3));
    }
}

/// <summary>'show table' answers, verbatim from HAProxy 3.4.7 and 2.6.12.</summary>
public class StickTableParserTests
{
    private static readonly string[] List347 =
    {
        "# table: st_noexp, type: ip, size:10, used:0",
        "# table: st_bin, type: binary, size:1024, used:1",
        "# table: st_str, type: string, size:1024, used:6",
        "# table: peers1/t1, type: integer, size:1024, used:1",
        "# table: st_ipv6, type: ipv6, size:1024, used:1",
        "# table: st_x, type: future, size:0, used:0",
    };

    private static readonly HaproxyStickTable Ip = new HaproxyStickTable("st_ip", HaproxyStickTableKeyType.Ip, "ip", 1024, 1);
    private static readonly HaproxyStickTable Str = new HaproxyStickTable("st_str", HaproxyStickTableKeyType.String, "string", 1024, 1);

    [Fact]
    public void List_ReadsEveryHeader()
    {
        var tables = StickTableParser.ParseList(List347);
        Assert.Equal(new[] { "st_noexp", "st_bin", "st_str", "peers1/t1", "st_ipv6", "st_x" }, tables.Select(t => t.Name));
        Assert.Equal(new[] { HaproxyStickTableKeyType.Ip, HaproxyStickTableKeyType.Binary, HaproxyStickTableKeyType.String, HaproxyStickTableKeyType.Integer, HaproxyStickTableKeyType.Ipv6, HaproxyStickTableKeyType.Unknown },
            tables.Select(t => t.Type));
        Assert.Equal("future", tables[5].TypeWord);
        Assert.Equal(1024, tables[1].Size);
        Assert.Equal(6, tables[2].Used);
        Assert.Equal("st_str", tables[2].Table);
    }

    [Fact]
    public void List_ThroughTheRequest_StreamedOrBuffered()
    {
        var request = HaproxyRequests.GetStickTables();
        var buffered = request.Interpret(new CliReply(null, List347.ToList()));
        var parser = request.CreateLineParser()!;
        foreach (var line in List347) parser.Add(line);
        Assert.Equal(buffered.Select(t => t.Name), parser.Complete().Select(t => t.Name));
        Assert.Empty(request.Interpret(CliReply.Empty));
    }

    [Fact]
    public void List_AnotherLine_IsAProtocolError() =>
        Assert.Throws<HaproxyProtocolException>(() => StickTableParser.ParseList(new[] { "# table: a, type: ip, size:1, used:0", "garbage" }));

    [Fact]
    public void Entry_Ip347()
    {
        var e = StickTableParser.ParseEntry(Ip,
            "0x7fcecb543b30: key=127.0.0.1 use=2 exp=599943 shard=3 server_id=0 gpc0=1 conn_cnt=5 http_req_cnt=5 http_req_rate(10000)=5 bytes_out_rate(60000)=390 server_key=-")!;
        Assert.Equal("st_ip", e.Table);
        Assert.Equal("127.0.0.1", e.Key);
        Assert.Equal(HaproxyStickTableKeyType.Ip, e.KeyType);
        Assert.Equal(2, e.Use);
        Assert.Equal(TimeSpan.FromMilliseconds(599943), e.Expire);
        Assert.Equal(3, e.Shard);
        Assert.Equal("0x7fcecb543b30", e.Pointer);
        Assert.Equal(0, e.ServerId);
        Assert.Equal(1, e.Gpc0);
        Assert.Equal(5, e.ConnCnt);
        Assert.Equal(5, e.HttpReqCnt);
        Assert.Equal(5, e.HttpReqRate!.Rate);
        Assert.Equal(TimeSpan.FromSeconds(10), e.HttpReqRate.Period);
        Assert.Equal(390, e.BytesOutRate!.Rate);
        Assert.Equal(TimeSpan.FromMinutes(1), e.BytesOutRate.Period);
        Assert.Null(e.ServerKey);
        Assert.True(e.Data.ContainsKey("server_key"));
        Assert.Null(e.Gpt0);
        Assert.Null(e.ConnRate);
        Assert.Equal(new[] { "server_id", "gpc0", "conn_cnt", "http_req_cnt", "http_req_rate", "bytes_out_rate", "server_key" }, e.Data.Keys);
        Assert.Equal("server_id=0 gpc0=1 conn_cnt=5 http_req_cnt=5 http_req_rate(10s)=5 bytes_out_rate(1m)=390 server_key=-", e.Data.ToString());
        Assert.Equal(5L, e.Data["GPC0"] is long ? 5L : 0L);
        Assert.Equal(new long[] { 1 }, e.Gpc);
    }

    [Fact]
    public void Entry_26_HasNoShard_AndATableWithoutExpireShowsZero()
    {
        var e = StickTableParser.ParseEntry(Ip, "0x55d0c1a2b3c0: key=1.1.1.1 use=0 exp=0 gpt0=0 gpt1=3 server_key=web1")!;
        Assert.Null(e.Shard);
        Assert.Equal(TimeSpan.Zero, e.Expire);
        Assert.Equal(new long[] { 0, 3 }, e.Gpt);
        Assert.Equal(0, e.Gpt0);
        Assert.Equal("web1", e.ServerKey);
    }

    [Fact]
    public void Entry_Arrays_AndUnknownColumns_GoToData()
    {
        var e = StickTableParser.ParseEntry(Str,
            "0x1: key=/a use=0 exp=1 shard=0 http_req_cnt=1 gpc0=0 gpc1=0 gpc2=4 gpc0_rate(60000)=0 gpc1_rate(60000)=2 new_cnt=7 new_rate(1500)=3 new_text=abc")!;
        Assert.Equal(new long[] { 0, 0, 4 }, e.Gpc);
        Assert.Equal(2, e.Gpc1Rate!.Rate);
        Assert.Equal(7L, e.Data["new_cnt"]);
        Assert.Equal(new HaproxyStickTableRate(3, TimeSpan.FromMilliseconds(1500)), e.Data["new_rate"]);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), ((HaproxyStickTableRate)e.Data["new_rate"]!).Period);
        Assert.Equal("abc", e.Data["new_text"]);
        Assert.EndsWith("new_rate(1500ms)=3 new_text=abc", e.Data.ToString());
    }

    [Theory]
    [InlineData(@"key=a\ b\=c", "a b=c")]
    [InlineData(@"key=a\\b", @"a\b")]
    [InlineData(@"key=tab\there\r\n\e", "tab\there\r\n\u001b")]
    [InlineData(@"key=\xc3\xa9t\xc3\xa9", "été")]
    [InlineData(@"key=/x%20y", "/x%20y")]
    [InlineData(@"key=\x7f", "\u007f")]
    public void Entry_StringKey_UndoesDumpText(string keyPart, string key)
    {
        var e = StickTableParser.ParseEntry(Str, $"0x1: {keyPart} use=0 exp=5 gpc0=1")!;
        Assert.Equal(key, e.Key);
        Assert.Equal(1, e.Gpc0);
    }

    [Fact]
    public void Entry_OtherTypesKeepTheKeyAsPrinted()
    {
        var bin = new HaproxyStickTable("st_bin", HaproxyStickTableKeyType.Binary, "binary", 1, 1);
        Assert.Equal("4142000000000000", StickTableParser.ParseEntry(bin, "0x1: key=4142000000000000 use=0 exp=5 gpc0=0")!.Key);
    }

    [Theory]
    [InlineData("not an entry")]
    [InlineData("0x1: key=a use=x exp=1")]
    [InlineData("0x1: key=a exp=1")]
    [InlineData("0x1: key=a use=0 exp=1 junk")]
    public void Entry_OtherLines_AreNone(string line) => Assert.Null(StickTableParser.ParseEntry(Str, line));

    [Fact]
    public void Entries_ThroughTheRequest_StreamedOrBuffered()
    {
        var lines = new List<string>
        {
            "# table: st_ip, type: ip, size:1024, used:2",
            "0x1: key=127.0.0.1 use=0 exp=599 shard=0 gpc0=1",
            "0x2: key=10.0.0.1 use=1 exp=600 shard=0 gpc0=5",
        };
        var request = HaproxyRequests.GetStickTableEntries("st_ip");
        var buffered = request.Interpret(new CliReply(null, lines));
        var parser = request.CreateLineParser()!;
        foreach (var line in lines) parser.Add(line);
        var streamed = parser.Complete();
        Assert.Equal(new[] { "127.0.0.1", "10.0.0.1" }, buffered.Select(e => e.Key));
        Assert.Equal(buffered.Select(e => e.Data.ToString()), streamed.Select(e => e.Data.ToString()));
        // A key without an entry: HAProxy answers nothing at all, not even the header.
        Assert.Empty(HaproxyRequests.GetStickTableEntry("st_ip", HaproxyStickTableKeyType.Ip, "10.9.9.9").Interpret(CliReply.Empty));
    }

    [Fact]
    public void Entries_HiddenFromAUserLevelSocket_IsPermissionDenied()
    {
        var request = HaproxyRequests.GetStickTableEntries("st_ip");
        var ex = Assert.Throws<HaproxyCommandException>(() => request.Interpret(new CliReply(null, new List<string>
        {
            "# table: st_ip, type: ip, size:1024, used:2",
            "# contents not dumped due to insufficient privileges",
        })));
        Assert.Equal(HaproxyErrorKind.PermissionDenied, ex.Kind);
    }

    [Fact]
    public void Entries_AnUnexpectedLine_IsAProtocolError() =>
        Assert.Throws<HaproxyProtocolException>(() => HaproxyRequests.GetStickTableEntries("st_ip").Interpret(new CliReply(null, new List<string>
        {
            "# table: st_ip, type: ip, size:1024, used:2",
            "something else",
        })));

    [Theory]
    [InlineData("No such table", HaproxyErrorKind.NotFound)]
    [InlineData("Invalid key", HaproxyErrorKind.InvalidArgument)]
    [InlineData("Filter entry #1: Data type not stored in this table", HaproxyErrorKind.InvalidArgument)]
    [InlineData("Showing keys from tables of type other than ip, ipv6, string and integer is not supported", HaproxyErrorKind.InvalidOperation)]
    [InlineData("Permission denied", HaproxyErrorKind.PermissionDenied)]
    public void Entries_Refusals_AreTyped(string message, HaproxyErrorKind kind)
    {
        var ex = Assert.Throws<HaproxyCommandException>(() => HaproxyRequests.GetStickTableEntries("st_ip").Interpret(new CliReply(3, new List<string> { message })));
        Assert.Equal(kind, ex.Kind);
    }

    [Theory]
    [InlineData("Data type not stored in this table", HaproxyErrorKind.InvalidArgument)]
    [InlineData("Entry currently in use, cannot remove", HaproxyErrorKind.NotRemovable)]
    public void ChangeRefusals_AreTyped(string message, HaproxyErrorKind kind)
    {
        var request = message.StartsWith("Entry", StringComparison.Ordinal)
            ? HaproxyRequests.ClearStickTableEntry("st_ip", HaproxyStickTableKeyType.Ip, "10.0.0.1")
            : HaproxyRequests.SetStickTableEntry("st_ip", HaproxyStickTableKeyType.Ip, "10.0.0.1", new[] { new KeyValuePair<string, long>("gpt0", 1) });
        Assert.Equal(kind, Assert.Throws<HaproxyCommandException>(() => request.Interpret(new CliReply(3, new List<string> { message }))).Kind);
        request.Interpret(CliReply.Empty);
    }
}

/// <summary>The rate type: compared and shown by its value, with its period.</summary>
public class StickTableRateTests
{
    [Fact]
    public void Rates_CompareByValue_AndShowTheirPeriod()
    {
        var r = new HaproxyStickTableRate(12, TimeSpan.FromSeconds(10));
        Assert.Equal("12/10s", r.ToString());
        Assert.True(r > 5);
        Assert.True(r == new HaproxyStickTableRate(12, TimeSpan.FromMinutes(1)));
        Assert.Equal(1, r.CompareTo(5));
        Assert.Equal(-1, r.CompareTo((object)20L));
        Assert.Equal("3/1500ms", new HaproxyStickTableRate(3, TimeSpan.FromMilliseconds(1500)).ToString());
        Assert.Equal("3/2h", new HaproxyStickTableRate(3, TimeSpan.FromHours(2)).ToString());
        Assert.Equal("3", HaproxyStickTableRate.FromInt64(3).ToString());
    }
}

/// <summary>What a session refuses before sending: a socket level too low, a HAProxy too old.</summary>
public class StickTableSessionTests
{
    [Fact]
    public async Task AUserLevelSocket_IsRefusedTheEntries_NothingSent_ButListsTheTables()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(s => s == "show table" ? "# table: st_ip, type: ip, size:1024, used:0" : ""));
        server.Level = "user";
        using var session = await ConnectAsync(server);
        Assert.Equal("user", session.Level);
        foreach (CliRequest request in new CliRequest[]
                 {
                     HaproxyRequests.GetStickTableEntries("st_ip"), HaproxyRequests.ClearStickTable("st_ip"),
                     HaproxyRequests.ClearStickTableEntry("st_ip", HaproxyStickTableKeyType.Ip, "10.0.0.1"),
                     HaproxyRequests.SetStickTableEntry("st_ip", HaproxyStickTableKeyType.Ip, "10.0.0.1", new[] { new KeyValuePair<string, long>("gpc0", 1) }),
                 })
        {
            var ex = Assert.Throws<HaproxyException>(() => session.EnsureSendable(request));
            Assert.Equal(HaproxyErrorKind.PermissionDenied, ex.Kind);
            Assert.Contains("level 'operator'", ex.Message);
            Assert.Contains("Nothing was sent", ex.Message);
        }
        Assert.Throws<HaproxyException>(() => session.Execute(HaproxyRequests.ClearStickTable("st_ip")));
        Assert.Single(session.Execute(HaproxyRequests.GetStickTables()));
        Assert.Equal(new[] { "show table" }, server.Commands.ToArray());
    }

    [Fact]
    public async Task AnOperatorSocket_MaySendThem()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(_ => ""));
        server.Level = "operator";
        using var session = await ConnectAsync(server);
        session.Execute(HaproxyRequests.ClearStickTable("st_ip"));
        Assert.Equal(new[] { "clear table st_ip" }, server.Commands.ToArray());
    }

    [Fact]
    public async Task AnArrayIndex_OnHaproxy30_IsRefusedBeforeSending()
    {
        using var server = FakeHaproxyServer.StartTcp();
        server.Info = _ => "Name: HAProxy\nVersion: 3.0.11-1\nPid: 123\n\n";
        using var session = await ConnectAsync(server);
        var ex = Assert.Throws<HaproxyFeatureNotSupportedException>(() => session.Execute(HaproxyRequests.GetStickTableEntries("t", new[] { StickTableFilter.Parse("gpc[1] gt 0") })));
        Assert.Equal(new Version(3, 2), ex.RequiredVersion);
        Assert.Empty(server.Commands);
    }
}

/// <summary>Entries addressed by pointer (<c>show/set/clear table &lt;t&gt; ptr &lt;p&gt;</c>, HAProxy 3.0+): exact lines,
/// the pointer's check, the binary-table refusal, and HAProxy's answers for a pointer (stick_table.c
/// table_process_entry_per_ptr).</summary>
public class StickTablePointerTests
{
    private static readonly KeyValuePair<string, long>[] Gpt0Is1 = { new KeyValuePair<string, long>("gpt0", 1) };

    [Fact]
    public void TheThreeRequests_SendThePointer_NeedHaproxy30AndAnOperatorSocket()
    {
        var show = HaproxyRequests.GetStickTableEntryByPointer("st_str", HaproxyStickTableKeyType.String, "0x7f3c2a1b4c28");
        Assert.Equal("show table st_str ptr 0x7f3c2a1b4c28", show.Line);
        Assert.False(show.IsWrite);
        Assert.Equal("st_str 0x7f3c2a1b4c28", show.Target);
        Assert.NotNull(show.CreateLineParser());

        var set = HaproxyRequests.SetStickTableEntryByPointer("st_ip", HaproxyStickTableKeyType.Ip, "0x55d0c1a2b3c4",
            new[] { new KeyValuePair<string, long>("gpc0", 5), new KeyValuePair<string, long>("gpt0", -1) });
        Assert.Equal("set table st_ip ptr 0x55d0c1a2b3c4 data.gpc0 5 data.gpt0 -1", set.Line);
        Assert.True(set.IsWrite);
        Assert.Equal("Set stick table entry", set.Action);

        var clear = HaproxyRequests.ClearStickTableEntryByPointer("st_int", HaproxyStickTableKeyType.Integer, "0X1F");
        Assert.Equal("clear table st_int ptr 0x1F", clear.Line);
        Assert.True(clear.IsWrite);
        Assert.Equal("st_int 0x1F", clear.Target);

        foreach (CliRequest r in new CliRequest[] { show, set, clear })
        {
            Assert.Equal(HaproxyFeature.StickTablePointer, r.RequiredFeature);
            Assert.Equal("operator", r.MinimumLevel);
        }
        Assert.Equal(new Version(3, 0), HaproxyCapabilities.MinimumVersion(HaproxyFeature.StickTablePointer));
    }

    [Fact]
    public void SetByPointer_AnArrayIndex_StillNeeds32_AndDataAreCheckedAsByKey()
    {
        var indexed = HaproxyRequests.SetStickTableEntryByPointer("st_str", HaproxyStickTableKeyType.String, "0x1", new[] { new KeyValuePair<string, long>("gpc[1]", 3) });
        Assert.Equal("set table st_str ptr 0x1 data.gpc[1] 3", indexed.Line);
        Assert.Equal(HaproxyFeature.StickTableDataIndex, indexed.RequiredFeature);
        Assert.Equal("Data", Assert.Throws<HaproxyArgumentException>(() =>
            HaproxyRequests.SetStickTableEntryByPointer("t", HaproxyStickTableKeyType.Ip, "0x1", Array.Empty<KeyValuePair<string, long>>())).ParameterName);
    }

    [Theory]
    [InlineData("0x")]
    [InlineData("x1f")]
    [InlineData("1f")]
    [InlineData("12")]
    [InlineData("0x1g")]
    [InlineData("0x 1")]
    [InlineData(" 0x1")]
    [InlineData("0x1 data.gpc0 1")]
    [InlineData("0x1;show info")]
    [InlineData("-0x1")]
    [InlineData("0x+1")]
    [InlineData("0x12345678901234567")]
    [InlineData("")]
    [InlineData("0x1\n")]
    public void APointerThatIsNotHexadecimal_IsRefused_BeforeSending(string pointer)
    {
        foreach (Func<CliRequest> make in new Func<CliRequest>[]
                 {
                     () => HaproxyRequests.GetStickTableEntryByPointer("t", HaproxyStickTableKeyType.String, pointer),
                     () => HaproxyRequests.SetStickTableEntryByPointer("t", HaproxyStickTableKeyType.String, pointer, Gpt0Is1),
                     () => HaproxyRequests.ClearStickTableEntryByPointer("t", HaproxyStickTableKeyType.String, pointer),
                 })
        {
            Assert.Equal("Pointer", Assert.Throws<HaproxyArgumentException>(make).ParameterName);
        }
    }

    [Fact]
    public void ABinaryTable_IsRefusedByPointer_AsByKey()
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.ClearStickTableEntryByPointer("st_bin", HaproxyStickTableKeyType.Binary, "0x7f3c2a1b4c28"));
        Assert.Equal("Pointer", ex.ParameterName);
        Assert.Contains("binary keys", ex.Message);
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.SetStickTableEntryByPointer("st_bin", HaproxyStickTableKeyType.Binary, "0x1", Gpt0Is1));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetStickTableEntryByPointer("st_bin", HaproxyStickTableKeyType.Binary, "0x1"));
    }

    [Theory]
    [InlineData("No entry can be found matching ptr.", HaproxyErrorKind.NotFound)]
    [InlineData("Pointer expected (0xffff notation)", HaproxyErrorKind.InvalidArgument)]
    [InlineData("Malformed ptr.", HaproxyErrorKind.InvalidArgument)]
    [InlineData("No such table", HaproxyErrorKind.NotFound)]
    [InlineData("Removing keys from tables of type other than ip, ipv6, string and integer is not supported", HaproxyErrorKind.InvalidOperation)]
    public void HaproxysAnswersForAPointer_AreTyped(string message, HaproxyErrorKind kind)
    {
        var reply = new CliReply(3, new List<string> { message });
        var judged = new List<Action>
        {
            () => HaproxyRequests.ClearStickTableEntryByPointer("st_int", HaproxyStickTableKeyType.Integer, "0x1").Interpret(reply),
        };
        if (!message.StartsWith("Removing", StringComparison.Ordinal))
        {
            judged.Add(() => HaproxyRequests.GetStickTableEntryByPointer("st_int", HaproxyStickTableKeyType.Integer, "0x1").Interpret(reply));
            judged.Add(() => HaproxyRequests.SetStickTableEntryByPointer("st_int", HaproxyStickTableKeyType.Integer, "0x1", Gpt0Is1).Interpret(reply));
        }
        foreach (var judge in judged) Assert.Equal(kind, Assert.Throws<HaproxyCommandException>(judge).Kind);
    }

    [Fact]
    public void ShowByPointer_ReadsTheEntry_SetAndClearSucceedSilently()
    {
        var show = HaproxyRequests.GetStickTableEntryByPointer("st_int", HaproxyStickTableKeyType.Integer, "0x7ff777e7b1c8");
        var entries = show.Interpret(new CliReply(null, new List<string>
        {
            "# table: st_int, type: integer, size:1024, used:1",
            "0x7ff777e7b1c8: key=42 use=0 exp=599672 shard=0 gpt0=0 http_req_cnt=1",
        }));
        var entry = Assert.Single(entries);
        Assert.Equal("42", entry.Key);
        Assert.Equal("0x7ff777e7b1c8", entry.Pointer);
        HaproxyRequests.SetStickTableEntryByPointer("st_int", HaproxyStickTableKeyType.Integer, "0x1", Gpt0Is1).Interpret(CliReply.Empty);
        HaproxyRequests.ClearStickTableEntryByPointer("st_int", HaproxyStickTableKeyType.Integer, "0x1").Interpret(CliReply.Empty);
    }

    [Fact]
    public async Task OnHaproxy26_EveryPointerRequest_IsRefusedBeforeSending()
    {
        using var server = FakeHaproxyServer.StartTcp();
        server.Info = _ => "Name: HAProxy\nVersion: 2.6.12-1\nPid: 123\n\n";
        using var session = await ConnectAsync(server);
        foreach (CliRequest request in new CliRequest[]
                 {
                     HaproxyRequests.GetStickTableEntryByPointer("st_int", HaproxyStickTableKeyType.Integer, "0x1"),
                     HaproxyRequests.SetStickTableEntryByPointer("st_int", HaproxyStickTableKeyType.Integer, "0x1", Gpt0Is1),
                     HaproxyRequests.ClearStickTableEntryByPointer("st_int", HaproxyStickTableKeyType.Integer, "0x1"),
                 })
        {
            var ex = Assert.Throws<HaproxyFeatureNotSupportedException>(() => session.EnsureSendable(request));
            Assert.Equal(new Version(3, 0), ex.RequiredVersion);
        }
        Assert.Empty(server.Commands);
    }
}
