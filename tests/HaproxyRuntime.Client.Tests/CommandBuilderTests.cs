using System;
using System.Collections.Generic;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using Xunit;

namespace HaproxyRuntime.Client.Tests;

public class CommandBuilderTests
{
    // ---- backends -------------------------------------------------------------------------------------------

    [Fact]
    public void AddBackend_WrapsInExperimentalMode()
    {
        var c = HaproxyRequests.AddBackend("mybackend1", "mydefaults");
        Assert.Equal("add backend mybackend1 from mydefaults", c.Text);
        Assert.Equal("experimental-mode on;add backend mybackend1 from mydefaults;experimental-mode off", c.Line);
        Assert.Equal(new[] { "experimental-mode on" }, c.Prelude);
        Assert.Equal(new[] { "experimental-mode off" }, c.Postlude);
        Assert.Equal(3, c.ReplyCount);
        Assert.True(c.IsWrite);
        Assert.Equal("mybackend1", c.Target);
        Assert.Equal("Add backend", c.Action);
        Assert.Equal(c.Line, c.ToString());
        Assert.Equal(TimeSpan.Zero, c.ExtraReadTime);
    }

    [Fact]
    public void AddBackend_ModeLowercasedAndGuid()
    {
        var c = HaproxyRequests.AddBackend("be2", "defs", "HTTP", "0f1e-guid");
        Assert.Equal("experimental-mode on;add backend be2 from defs mode http guid 0f1e-guid;experimental-mode off", c.Line);
    }

    [Theory]
    [InlineData("bad name", "defs", "Name")]
    [InlineData("be;show version", "defs", "Name")]
    [InlineData("be", "de fs", "From")]
    [InlineData("", "defs", "Name")]
    [InlineData("be", "", "From")]
    public void AddBackend_RefusesInvalidNames(string name, string from, string parameter)
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddBackend(name, from));
        Assert.Equal(parameter, ex.ParameterName);
    }

    [Fact]
    public void AddBackend_RefusesModeOrGuidWithSpaces()
    {
        Assert.Equal("Mode", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddBackend("b", "d", "http;quit")).ParameterName);
        Assert.Equal("Guid", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddBackend("b", "d", null, "a b")).ParameterName);
    }

    [Fact]
    public void RemoveBackend_WrapsInExperimentalMode()
    {
        var c = HaproxyRequests.RemoveBackend("dynbe");
        Assert.Equal("del backend dynbe", c.Text);
        Assert.Equal("experimental-mode on;del backend dynbe;experimental-mode off", c.Line);
        Assert.Equal(3, c.ReplyCount);
        Assert.True(c.IsWrite);
    }

    [Fact]
    public void PublishUnpublish()
    {
        var p = HaproxyRequests.PublishBackend("be2");
        Assert.Equal("publish backend be2", p.Line);
        Assert.Equal(1, p.ReplyCount);
        Assert.True(p.IsWrite);
        Assert.Empty(p.Prelude);
        Assert.Empty(p.Postlude);
        var u = HaproxyRequests.UnpublishBackend("be2");
        Assert.Equal("unpublish backend be2", u.Line);
        Assert.True(u.IsWrite);
        Assert.Equal(1, u.ReplyCount);
    }

    [Fact]
    public void Reads_AreNotWrites()
    {
        Assert.Equal("show stat", HaproxyRequests.GetBackends().Line);
        Assert.False(HaproxyRequests.GetBackends().IsWrite);
        Assert.Equal("show servers state", HaproxyRequests.GetServers().Line);
        Assert.Equal("servers", HaproxyRequests.GetServers().Target);
        Assert.Equal("show servers state mybackend1", HaproxyRequests.GetServers("mybackend1").Line);
        Assert.False(HaproxyRequests.GetServers("mybackend1").IsWrite);
        Assert.Equal("show info", HaproxyRequests.ShowInfo().Line);
        Assert.False(HaproxyRequests.ShowInfo().IsWrite);
        Assert.Equal("show version", HaproxyRequests.ShowVersion().Line);
        Assert.False(HaproxyRequests.ShowVersion().IsWrite);
        Assert.Equal(@"show map /etc/haproxy/a\ b.map", HaproxyRequests.GetMapEntries("/etc/haproxy/a b.map").Line);
        Assert.False(HaproxyRequests.GetMapEntries("m").IsWrite);
        Assert.Equal(1, HaproxyRequests.GetMapEntries("m").ReplyCount);
    }

    [Fact]
    public void GetServers_RefusesInvalidBackend()
    {
        Assert.Equal("Backend", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetServers("a b")).ParameterName);
    }

    // ---- servers --------------------------------------------------------------------------------------------

    [Fact]
    public void AddServer_Minimal()
    {
        var c = HaproxyRequests.AddServer("mybackend1", "web1", "172.16.0.12", 8080);
        Assert.Equal("add server mybackend1/web1 172.16.0.12:8080", c.Line);
        Assert.Equal("mybackend1/web1", c.Target);
        Assert.True(c.IsWrite);
        Assert.Equal(1, c.ReplyCount);
    }

    [Fact]
    public void AddServer_WithCheckPortWeightAndKeywords()
    {
        var options = new AddServerOptions
        {
            Check = true,
            CheckPort = 18081,
            Weight = 5,
            Keywords = new List<string> { "inter 2s", "maxconn", "100", "backup" },
        };
        var c = HaproxyRequests.AddServer("mybackend1", "web2", "127.0.0.1", 18081, options);
        Assert.Equal("add server mybackend1/web2 127.0.0.1:18081 check port 18081 weight 5 inter 2s maxconn 100 backup", c.Line);
    }

    [Fact]
    public void AddServer_KeywordSpecialCharactersEscapedPerWord()
    {
        var options = new AddServerOptions { Keywords = new List<string> { "cookie a;b", "  tab\tsep  " } };
        var c = HaproxyRequests.AddServer("b", "s", "10.0.0.1", null, options);
        Assert.Equal(@"add server b/s 10.0.0.1 cookie a\;b tab sep", c.Line);
        Assert.Single(HaproxyLineModel.Parse(c.Line).Commands);
    }

    [Theory]
    [InlineData("::1", 80, "[::1]:80")]
    [InlineData("2001:db8::10", 443, "[2001:db8::10]:443")]
    [InlineData("2001:db8::10", null, "[2001:db8::10]")]
    [InlineData("[::1]", 80, "[::1]:80")]
    [InlineData("10.0.0.1", null, "10.0.0.1")]
    [InlineData("web.local", 8080, "web.local:8080")]
    public void AddServer_AddressFormatting(string address, int? port, string expected)
    {
        var c = HaproxyRequests.AddServer("b", "s", address, port);
        Assert.Equal("add server b/s " + expected, c.Line);
    }

    [Fact]
    public void AddServer_Validation()
    {
        Assert.Equal("Weight", Assert.Throws<HaproxyArgumentException>(() =>
            HaproxyRequests.AddServer("b", "s", "1.2.3.4", 80, new AddServerOptions { Weight = 257 })).ParameterName);
        Assert.Equal("Weight", Assert.Throws<HaproxyArgumentException>(() =>
            HaproxyRequests.AddServer("b", "s", "1.2.3.4", 80, new AddServerOptions { Weight = -1 })).ParameterName);
        Assert.Equal("add server b/s 1.2.3.4:80 weight 0", HaproxyRequests.AddServer("b", "s", "1.2.3.4", 80, new AddServerOptions { Weight = 0 }).Line);
        Assert.Equal("add server b/s 1.2.3.4:80 weight 256", HaproxyRequests.AddServer("b", "s", "1.2.3.4", 80, new AddServerOptions { Weight = 256 }).Line);
        Assert.Equal("CheckPort", Assert.Throws<HaproxyArgumentException>(() =>
            HaproxyRequests.AddServer("b", "s", "1.2.3.4", 80, new AddServerOptions { CheckPort = 0 })).ParameterName);
        Assert.Equal("Port", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddServer("b", "s", "1.2.3.4", 70000)).ParameterName);
        Assert.Equal("Port", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddServer("b", "s", "1.2.3.4", 0)).ParameterName);
        Assert.Equal("Address", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddServer("b", "s", "1.2.3.4 check", 80)).ParameterName);
        Assert.Equal("Address", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddServer("b", "s", "1.2.3.4;quit", 80)).ParameterName);
        Assert.Equal("Backend", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddServer("b/x", "s", "1.2.3.4", 80)).ParameterName);
        Assert.Equal("Name", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddServer("b", "s/x", "1.2.3.4", 80)).ParameterName);
        Assert.Equal("Option", Assert.Throws<HaproxyArgumentException>(() =>
            HaproxyRequests.AddServer("b", "s", "1.2.3.4", 80, new AddServerOptions { Keywords = new List<string> { "  " } })).ParameterName);
        Assert.Equal("Option", Assert.Throws<HaproxyArgumentException>(() =>
            HaproxyRequests.AddServer("b", "s", "1.2.3.4", 80, new AddServerOptions { Keywords = new List<string> { "inter\n2s" } })).ParameterName);
    }

    [Theory]
    [InlineData(HaproxyServerState.Ready, "set server mybackend1/web1 state ready")]
    [InlineData(HaproxyServerState.Drain, "set server mybackend1/web1 state drain")]
    [InlineData(HaproxyServerState.Maint, "set server mybackend1/web1 state maint")]
    public void SetServerState(HaproxyServerState state, string expected)
    {
        var c = HaproxyRequests.SetServerState("mybackend1", "web1", state);
        Assert.Equal(expected, c.Line);
        Assert.True(c.IsWrite);
        Assert.Equal(1, c.ReplyCount);
    }

    [Fact]
    public void SetServerState_RefusesUnknownEnumValue()
    {
        Assert.Equal("State", Assert.Throws<HaproxyArgumentException>(() =>
            HaproxyRequests.SetServerState("b", "s", (HaproxyServerState)42)).ParameterName);
    }

    [Fact]
    public void ServerVerbs()
    {
        Assert.Equal("enable server b/s", HaproxyRequests.EnableServer("b", "s").Line);
        Assert.Equal("disable server b/s", HaproxyRequests.DisableServer("b", "s").Line);
        Assert.Equal("enable health b/s", HaproxyRequests.EnableHealthCheck("b", "s").Line);
        Assert.Equal("disable health b/s", HaproxyRequests.DisableHealthCheck("b", "s").Line);
        Assert.Equal("del server b/s", HaproxyRequests.RemoveServer("b", "s").Line);
        Assert.True(HaproxyRequests.EnableServer("b", "s").IsWrite);
        Assert.True(HaproxyRequests.DisableServer("b", "s").IsWrite);
        Assert.True(HaproxyRequests.EnableHealthCheck("b", "s").IsWrite);
        Assert.True(HaproxyRequests.DisableHealthCheck("b", "s").IsWrite);
        Assert.True(HaproxyRequests.RemoveServer("b", "s").IsWrite);
        Assert.Equal("b/s", HaproxyRequests.RemoveServer("b", "s").Target);
    }

    // ---- wait -----------------------------------------------------------------------------------------------

    [Fact]
    public void WaitServerRemovable_RaisesCliTimeoutAboveDelay()
    {
        var c = HaproxyRequests.WaitServerRemovable("mybackend1", "web1", TimeSpan.FromSeconds(2));
        Assert.Equal(new[] { "set timeout cli 12s" }, c.Prelude);
        Assert.Empty(c.Postlude);
        Assert.Equal("wait 2000ms srv-removable mybackend1/web1", c.Text);
        Assert.Equal("set timeout cli 12s;wait 2000ms srv-removable mybackend1/web1", c.Line);
        Assert.Equal(2, c.ReplyCount);
        Assert.Equal(TimeSpan.FromSeconds(2), c.ExtraReadTime);
        Assert.False(c.IsWrite);
        Assert.Equal("mybackend1/web1", c.Target);
    }

    [Fact]
    public void WaitBackendRemovable_RoundsCliTimeoutUp()
    {
        var c = HaproxyRequests.WaitBackendRemovable("dynbe", TimeSpan.FromMilliseconds(500));
        Assert.Equal("set timeout cli 11s;wait 500ms be-removable dynbe", c.Line);
        Assert.Equal(TimeSpan.FromMilliseconds(500), c.ExtraReadTime);

        var d = HaproxyRequests.WaitBackendRemovable("dynbe", TimeSpan.FromSeconds(30.2));
        Assert.Equal("set timeout cli 41s;wait 30200ms be-removable dynbe", d.Line);
    }

    [Fact]
    public void Wait_RefusesOutOfRangeTimeoutAndBadNames()
    {
        Assert.Equal("Timeout", Assert.Throws<HaproxyArgumentException>(() =>
            HaproxyRequests.WaitBackendRemovable("b", TimeSpan.FromSeconds(-1))).ParameterName);
        Assert.Equal("Timeout", Assert.Throws<HaproxyArgumentException>(() =>
            HaproxyRequests.WaitServerRemovable("b", "s", TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1))).ParameterName);
        Assert.Equal("Backend", Assert.Throws<HaproxyArgumentException>(() =>
            HaproxyRequests.WaitBackendRemovable("b c", TimeSpan.FromSeconds(1))).ParameterName);
    }

    // ---- maps -----------------------------------------------------------------------------------------------

    [Fact]
    public void AddMapEntry_EscapesKeyAndValue()
    {
        var c = HaproxyRequests.AddMapEntry("virt@paths.map", "/a b", "v;1 <<x");
        Assert.Equal(@"add map virt@paths.map /a\ b v\;1\ \<\<x", c.Line);
        Assert.Equal("virt@paths.map /a b", c.Target);
        Assert.True(c.IsWrite);
        var parsed = HaproxyLineModel.Parse(c.Line);
        Assert.Single(parsed.Commands);
        Assert.Equal(new[] { "add", "map", "virt@paths.map", "/a b", "v;1 <<x" }, parsed.Commands[0]);
        Assert.False(parsed.StartsPayload);
    }

    [Fact]
    public void AddMapEntry_RefusesEmptyAndNewlines()
    {
        Assert.Equal("Key", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddMapEntry("m", "", "v")).ParameterName);
        Assert.Equal("Value", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddMapEntry("m", "k", "")).ParameterName);
        Assert.Equal("Value", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddMapEntry("m", "k", "a\nshow version")).ParameterName);
        Assert.Equal("Map", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddMapEntry("m\r", "k", "v")).ParameterName);
    }

    [Fact]
    public void RemoveMapEntry_EscapesKey()
    {
        var c = HaproxyRequests.RemoveMapEntry("/etc/haproxy/paths.map", @"/x y\z");
        Assert.Equal(@"del map /etc/haproxy/paths.map /x\ y\\z", c.Line);
        Assert.True(c.IsWrite);
    }

    [Theory]
    [InlineData("#0x1234")]
    [InlineData("#key")]
    [InlineData("#")]
    public void RemoveMapEntry_RefusesKeysStartingWithHash(string key)
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.RemoveMapEntry("m", key));
        Assert.Equal("Key", ex.ParameterName);
        Assert.Contains("begins with '#'", ex.Message);
    }

    [Fact]
    public void RemoveMapEntry_AcceptsHashLaterInKey()
    {
        Assert.Equal("del map m k#1", HaproxyRequests.RemoveMapEntry("m", "k#1").Line);
    }

    [Theory]
    [InlineData("0x7f4c96876a80", "del map m #0x7f4c96876a80")]
    [InlineData("#0x7f4c96876a80", "del map m #0x7f4c96876a80")]
    [InlineData("#0X7F4C", "del map m #0X7F4C")]
    [InlineData("12ab", "del map m #12ab")]
    public void RemoveMapEntryByRef_Valid(string reference, string expected)
    {
        var c = HaproxyRequests.RemoveMapEntryByRef("m", reference);
        Assert.Equal(expected, c.Line);
        Assert.True(c.IsWrite);
    }

    [Theory]
    [InlineData("")]
    [InlineData("#")]
    [InlineData("0x")]
    [InlineData("#0x")]
    [InlineData("xyz")]
    [InlineData("0x12 34")]
    [InlineData("##0x12")]
    [InlineData("0x12;show version")]
    public void RemoveMapEntryByRef_Invalid(string reference)
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.RemoveMapEntryByRef("m", reference));
        Assert.Equal("Ref", ex.ParameterName);
    }

    [Fact]
    public void RemoveMapEntryByRef_NullIsArgumentError()
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.RemoveMapEntryByRef("m", null!));
        Assert.Equal("Ref", ex.ParameterName);
    }

    // ---- raw ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("show info", false)]
    [InlineData("show stat", false)]
    [InlineData("show", false)]
    [InlineData("get map m k", false)]
    [InlineData("get weight b/s", false)]
    [InlineData("help", false)]
    [InlineData("echo hi", false)]
    [InlineData("set weight b/s 10", true)]
    [InlineData("clear counters", true)]
    [InlineData("shutdown session 0x1", true)]
    [InlineData("showx", true)]
    [InlineData("add map m k v", true)]
    public void Raw_IsWriteClassification(string text, bool isWrite)
    {
        var c = HaproxyRequests.Raw(text);
        Assert.Equal(isWrite, c.IsWrite);
        Assert.Equal(text, c.Line);
        Assert.Equal(1, c.ReplyCount);
    }

    [Fact]
    public void Raw_TrimsAndAllowsEscapes()
    {
        Assert.Equal("show info", HaproxyRequests.Raw("  show info \t").Line);
        Assert.Equal(@"add map m a\;b v", HaproxyRequests.Raw(@"add map m a\;b v").Line);
        Assert.Equal(@"echo a\\", HaproxyRequests.Raw(@"echo a\\").Line);
        Assert.Equal(@"set map m k \<<x", HaproxyRequests.Raw(@"set map m k \<<x").Line);
        Assert.Equal("echo a-", HaproxyRequests.Raw("echo a-").Line);
        Assert.Equal("show users", HaproxyRequests.Raw("show users").Line);
        Assert.Equal("experimental-mode on", HaproxyRequests.Raw("experimental-mode on").Line);
    }

    [Theory]
    [InlineData("show info;show stat", "unescaped ';'")]
    [InlineData("show info;", "unescaped ';'")]
    [InlineData("show info\nshow stat", "line feed")]
    [InlineData("show info\r", "carriage return")]
    [InlineData("show\0info", "NUL")]
    [InlineData("set map m k <<", "'<<'")]
    [InlineData("add map m <<EOF", "'<<'")]
    [InlineData(@"echo a\ <<x", "'<<'")]
    [InlineData("show version -", "'-'")]
    [InlineData("echo a\\", "lone '\\'")]
    [InlineData("prompt", "'prompt'")]
    [InlineData("prompt i", "'prompt'")]
    [InlineData("PROMPT n", "'prompt'")]
    [InlineData("prompt\tp", "'prompt'")]
    [InlineData("quit", "'quit'")]
    [InlineData("operator", "'operator'")]
    [InlineData("user", "'user'")]
    [InlineData("set severity-output string", "'set severity-output'")]
    [InlineData("set severity-output none", "'set severity-output'")]
    [InlineData("", "must not be empty")]
    [InlineData("   ", "is empty")]
    public void Raw_Refusals(string text, string fragment)
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.Raw(text));
        Assert.Equal("Command", ex.ParameterName);
        Assert.Contains(fragment, ex.Message);
    }

    [Fact]
    public void Raw_RefusesOddTrailingBackslashes()
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.Raw("echo a\\\\\\"));
        Assert.Equal("Command", ex.ParameterName);
    }

    [Theory]
    [InlineData("set  severity-output string")]
    [InlineData("set\tseverity-output none")]
    public void Raw_RefusesReservedCommandsWithOtherWhitespace(string text)
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.Raw(text));
        Assert.Equal("Command", ex.ParameterName);
    }

    [Fact]
    public void Raw_RefusesOverLongCommand()
    {
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.Raw("echo " + new string('x', 8200)));
    }
}
