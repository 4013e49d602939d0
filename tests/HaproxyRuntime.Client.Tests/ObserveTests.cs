using System;
using System.Collections.Generic;
using System.Linq;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;
using Xunit;

namespace HaproxyRuntime.Client.Tests;

/// <summary>show resolvers, show peers, show cache, get/set var: lines, parsers, refusals.</summary>
public class ObserveTests
{
    private static CliReply Reply(params string[] lines) => CliReply.FromLines(lines.ToList());

    private static IEnumerable<string> Counters(long first) =>
        new[] { "sent", "snd_error", "valid", "update", "cname", "cname_error", "any_err", "nx", "timeout", "refused", "other", "invalid", "too_big", "truncated", "outdated" }
            .Select((k, i) => $"  {(k + ":").PadRight(13)}{first + i}");

    [Fact]
    public void Resolvers_EveryNameserverWithItsCounters()
    {
        var lines = new[] { "Resolvers section dns1", " nameserver ns1:" }.Concat(Counters(1))
            .Concat(new[] { " nameserver ns2:" }).Concat(Counters(100))
            .Concat(new[] { "Resolvers section default", " nameserver 10.0.0.53:" }).Concat(Counters(0)).ToList();
        var all = ObserveParsers.Resolvers(lines);
        Assert.Equal(new[] { "dns1/ns1", "dns1/ns2", "default/10.0.0.53" }, all.Select(n => n.ToString()));
        var ns1 = all[0];
        Assert.Equal(1, ns1.Sent);
        Assert.Equal(2, ns1.SendErrors);
        Assert.Equal(7, ns1.AnyErrors);
        Assert.Equal(8, ns1.NxDomain);
        Assert.Equal(9, ns1.Timeout);
        Assert.Equal(15, ns1.Outdated);
        Assert.Equal(114, all[1].Outdated);
        Assert.Empty(ObserveParsers.Resolvers(new[] { "No resolvers found" }));
        Assert.Throws<FormatException>(() => ObserveParsers.Resolvers(new[] { "Resolvers section a", "garbage" }));
    }

    [Fact]
    public void Peers_SectionsPeersAndTheirState()
    {
        var lines = new[]
        {
            "0x7f2216d0a400: [19/Feb/2026:17:02:26] id=other disabled=0 flags=0x300003 resync_timeout=4s task_calls=1",
            "  0x7f2218068900: id=lab1(local,inactive) addr=127.0.0.1:54003 app_state=STOPPED learn_state=NOTASSIGNED last_status=NONE last_hdshk=<NEVER>",
            "        reconnect=<NEVER> heartbeat=<NEVER> confirm=0 tx_hbt=0 rx_hbt=0 no_hbt=0 new_conn=0 proto_err=0 coll=0",
            "        flags=0x0",
            "",
            "0x7f2216d09000: [19/Feb/2026:17:02:26] id=mypeers disabled=1 flags=0x100001 resync_timeout=<PAST> task_calls=12",
            "  0x7f2218068840: id=remote1(remote,active) addr=::1:54002 app_state=STOPPED learn_state=NOTASSIGNED last_status=HSHK last_hdshk=0s",
            "        reconnect=4s heartbeat=<NEVER> confirm=3 tx_hbt=4 rx_hbt=5 no_hbt=6 new_conn=7 proto_err=8 coll=9",
            "        flags=0x12 appctx:0x7f22180b7500 st0=6 st1=0 task_calls=2 state=TAR",
            "        xprt=RAW src=127.0.0.1:40000 addr=127.0.0.1:54002",
            "        shared tables:",
            "          0x7f2216070200 local_id=1 remote_id=0 flags=0x0 remote_data=0x0",
            "              table:0x7f2218057000 id=mypeers/t1 update=0 localupdate=0 refcnt=1",
            "        Dictionary cache not dumped (use \"show peers dict\")",
        };
        var peers = ObserveParsers.Peers(lines);
        Assert.Equal(new[] { "other/lab1", "mypeers/remote1" }, peers.Select(p => p.ToString()));
        var local = peers[0];
        Assert.True(local.IsLocal);
        Assert.False(local.Active);
        Assert.Equal("127.0.0.1", local.Address);
        Assert.Equal(54003, local.Port);
        Assert.Equal("<NEVER>", local.LastHandshake);
        Assert.Null(local.ConnectionState);
        Assert.Equal(0x300003, local.SectionInfo.Flags);
        Assert.Equal(new DateTime(2026, 2, 19, 17, 2, 26), local.SectionInfo.LastChange);
        var remote = peers[1];
        Assert.False(remote.IsLocal);
        Assert.True(remote.Active);
        Assert.Equal("::1", remote.Address);
        Assert.Equal("HSHK", remote.LastStatus);
        Assert.Equal("STOPPED", remote.AppState);
        Assert.Equal("4s", remote.Reconnect);
        Assert.Equal(new long[] { 3, 4, 5, 6, 7, 8, 9 }, new[] { remote.Confirm, remote.HeartbeatsSent, remote.HeartbeatsReceived, remote.HeartbeatsMissed, remote.NewConnections, remote.ProtocolErrors, remote.Collisions });
        Assert.Equal(0x12, remote.Flags);
        Assert.Equal("TAR", remote.ConnectionState);
        Assert.Equal("127.0.0.1:40000", remote.Source);
        Assert.True(remote.SectionInfo.Disabled);
        Assert.Equal("<PAST>", remote.SectionInfo.ResyncTimeout);
        Assert.Equal(12, remote.SectionInfo.TaskCalls);
    }

    [Fact]
    public void Peers_26HasNoAppOrLearnState()
    {
        var peers = ObserveParsers.Peers(new[]
        {
            "0x55d0: [01/Jan/2026:00:00:00] id=p disabled=0 flags=0x0 resync_timeout=<NEVER> task_calls=0",
            "  0x55d1: id=a(local,inactive) addr=127.0.0.1:1 last_status=NONE last_hdshk=<NEVER>",
            "        reconnect=<NEVER> heartbeat=<NEVER> confirm=0 tx_hbt=0 rx_hbt=0 no_hbt=0 new_conn=0 proto_err=0 coll=0",
            "        flags=0x0",
        });
        Assert.Null(Assert.Single(peers).AppState);
        Assert.Throws<FormatException>(() => ObserveParsers.Peers(new[] { "unknown" }));
    }

    [Fact]
    public void Cache_HeadAndLiveEntries_OnceEach()
    {
        var entry = "0x7f2215bcf720 hash:1511158809 vary:0x00ff size:275 (2 blocks), refcount:1, expire:59";
        var caches = ObserveParsers.Caches(new[]
        {
            "0x7f2215bcf040: c1 (shctx:0x7f2215bcf000, available blocks:4096)",
            entry, entry,
            "0x7f2215bcf2f0 hash:3485328873 vary:0x00 size:10 (1 blocks), refcount:0, expire:-1",
            "0x7f2215bcf050: c2 (shctx:0x7f2215bcf001, available blocks:12)",
        });
        Assert.Equal(new[] { "c1", "c2" }, caches.Select(c => c.Name));
        Assert.Equal(4096, caches[0].AvailableBlocks);
        Assert.Equal(2, caches[0].EntryCount);
        Assert.Equal(3, caches[0].UsedBlocks);
        var e = caches[0].Entries[0];
        Assert.Equal(1511158809u, e.Hash);
        Assert.Equal("00ff", e.Vary);
        Assert.Equal(275, e.Size);
        Assert.Equal(1, e.RefCount);
        Assert.Equal(TimeSpan.FromSeconds(59), e.ExpiresIn);
        Assert.Empty(caches[1].Entries);
        Assert.Empty(ObserveParsers.Caches(Array.Empty<string>()));
    }

    [Fact]
    public void Requests_ExactLines()
    {
        Assert.Equal("show resolvers", HaproxyRequests.GetResolvers().Line);
        Assert.Equal("show resolvers dns1", HaproxyRequests.GetResolvers("dns1").Line);
        Assert.Equal("show peers", HaproxyRequests.GetPeers().Line);
        Assert.Equal("show peers - dict", HaproxyRequests.GetPeers("dict").Line);
        Assert.True(HaproxyRequests.GetPeers().AnswerHasBlankLines);
        Assert.Equal("show cache", HaproxyRequests.GetCaches().Line);
        Assert.Equal("get var proc.foo", HaproxyRequests.GetVariable("proc.foo").Line);
        var set = HaproxyRequests.SetVariable("proc.foo", "50% of a;b\\c <x>");
        Assert.Equal("experimental-mode on;set var proc.foo fmt 50%%\\ of\\ a\\;b\\\\c\\ \\<x>;experimental-mode off", set.Line);
        Assert.True(set.IsWrite);
        Assert.Equal("proc.foo", set.Target);
        Assert.Equal("experimental-mode on;set var proc.n expr int(4),add(1);experimental-mode off", HaproxyRequests.SetVariableExpression("proc.n", "int(4),add(1)").Line);
        Assert.Equal("set var proc.s expr str(a\\ b)", HaproxyRequests.SetVariableExpression("proc.s", "str(a b)").Text);
    }

    [Theory]
    [InlineData("txn.foo")]
    [InlineData("foo")]
    [InlineData("proc.")]
    [InlineData("proc.a b")]
    [InlineData("proc.a;show info")]
    [InlineData("proc.a-b")]
    [InlineData("")]
    public void VariableNames_OnlyProcScope(string name)
    {
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetVariable(name));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.SetVariable(name, "x"));
    }

    [Fact]
    public void Values_ThatCannotBeSent_AreRefused()
    {
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.SetVariable("proc.a", ""));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.SetVariable("proc.a", "a\nb"));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.SetVariableExpression("proc.a", ""));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetResolvers("a b"));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetPeers("a;b"));
    }

    [Fact]
    public void GetVar_ValueTypeAndRefusals()
    {
        var get = HaproxyRequests.GetVariable("proc.foo");
        var v = get.Interpret(Reply("[6]: proc.foo: type=str value=<a<b> c>"));
        Assert.Equal("str", v.Type);
        Assert.Equal("a<b> c", v.Value);
        Assert.Null(get.Interpret(Reply("[6]: proc.foo: type=meth value=(undisplayable)")).Value);
        Assert.Equal(HaproxyErrorKind.NotFound, Assert.Throws<HaproxyCommandException>(() => get.Interpret(Reply("[3]: Variable not found."))).Kind);
        Assert.Equal(HaproxyErrorKind.PermissionDenied, Assert.ThrowsAny<HaproxyException>(() => get.Interpret(Reply("[3]: Permission denied"))).Kind);
        Assert.ThrowsAny<HaproxyException>(() => get.Interpret(Reply("[6]: proc.other: type=str value=<x>")));
    }

    [Fact]
    public void SetVar_NothingIsSuccess_ParserWordsAreRefusals()
    {
        var set = HaproxyRequests.SetVariableExpression("proc.foo", "nope(1)");
        set.Interpret(CliReply.Empty);
        var ex = Assert.Throws<HaproxyCommandException>(() => set.Interpret(Reply("[3]: unknown fetch method 'nope'")));
        Assert.Equal(HaproxyErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal(HaproxyErrorKind.PermissionDenied, Assert.Throws<HaproxyCommandException>(() => set.Interpret(Reply("[3]: This command is restricted to experimental mode only."))).Kind);
    }

    [Fact]
    public void Dumps_RefusalsAreTyped()
    {
        Assert.Equal(HaproxyErrorKind.NotFound, Assert.Throws<HaproxyCommandException>(() => HaproxyRequests.GetResolvers("x").Interpret(Reply("[3]: Can't find that resolvers section"))).Kind);
        Assert.Equal(HaproxyErrorKind.NotFound, Assert.Throws<HaproxyCommandException>(() => HaproxyRequests.GetPeers("x").Interpret(Reply("[3]: No such peers"))).Kind);
        Assert.Equal(HaproxyErrorKind.UnexpectedResponse, Assert.ThrowsAny<HaproxyException>(() => HaproxyRequests.GetCaches().Interpret(Reply("what is this"))).Kind);
    }
}
