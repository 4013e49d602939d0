using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Operations;
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

    [Fact]
    public void EventSinks_FromTheWarningList()
    {
        var sinks = HaproxyRequests.GetEventSinks().Interpret(Reply(
            "[4]: Supported events sinks are listed below. Add -0(zero), -w(wait), -n(new), -s(anitize). Any key to stop.",
            "    stdout     : type=fd, 0 dropped, standard output (fd#1)",
            "    buf0       : type=buffer, 3 dropped, in-memory ring buffer",
            "    a-very-long-ring : type=buffer, 0 dropped, a-very-long-ring"));
        Assert.Equal(new[] { "stdout", "buf0", "a-very-long-ring" }, sinks.Select(s => s.Name));
        Assert.False(sinks[0].IsReadable);
        Assert.Equal(3, sinks[1].Dropped);
        Assert.Equal("in-memory ring buffer", sinks[1].Description);
        // 2.6's heading.
        Assert.Single(HaproxyRequests.GetEventSinks().Interpret(Reply("[4]: Supported events sinks are listed below. Add -w(wait), -n(new). Any key to stop", "    buf0       : type=buffer, 0 dropped, x")));
        Assert.ThrowsAny<HaproxyException>(() => HaproxyRequests.GetEventSinks().Interpret(Reply("[4]: something else")));
    }

    [Fact]
    public void Events_EveryLineIsData_SyslogHeadersRead()
    {
        Assert.Equal("show events evring -n", HaproxyRequests.CheckEventSink("evring").Line);
        Assert.Equal("show events evring", HaproxyRequests.GetEvents("evring").Line);
        Assert.True(HaproxyRequests.GetEvents("evring").AnswerHasBlankLines);
        Assert.Equal("show events evring -w", HaproxyRequests.FollowEvents("evring").Line);
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetEvents("a b"));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.CheckEventSink("a;show info"));
        var events = HaproxyRequests.GetEvents("evring").Interpret(Reply(
            "<134>1 2026-12-07T20:06:13.942848+00:00 - haproxy 20851 - - GET /a",
            "",
            "[3]: an event that looks like a refusal"));
        Assert.Equal(3, events.Count);
        Assert.Equal(134, events[0].Priority);
        Assert.Equal(6, events[0].Severity);
        Assert.Equal(16, events[0].Facility);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 20, 6, 13, TimeSpan.Zero), events[0].Timestamp!.Value.AddTicks(-events[0].Timestamp!.Value.Ticks % TimeSpan.TicksPerSecond));
        Assert.Equal(string.Empty, events[1].Message);
        Assert.Null(events[1].Priority);
        Assert.Equal("[3]: an event that looks like a refusal", events[2].Message);
        Assert.Empty(HaproxyRequests.GetEvents("evring").Interpret(CliReply.Empty));
    }

    [Fact]
    public void CheckEventSink_RefusalsAreTyped()
    {
        var check = HaproxyRequests.CheckEventSink("x");
        check.Interpret(CliReply.Empty);
        Assert.Equal(HaproxyErrorKind.NotFound, Assert.Throws<HaproxyCommandException>(() => check.Interpret(Reply("[3]: No such event sink"))).Kind);
        Assert.Equal(HaproxyErrorKind.InvalidOperation, Assert.Throws<HaproxyCommandException>(() => check.Interpret(Reply("[5]: Nothing to report for this sink"))).Kind);
    }

    [Fact]
    public void StartupLog_MessagesWithLevelPidAndContinuations()
    {
        var log = HaproxyRequests.GetStartupLog().Interpret(Reply(
            "[NOTICE]   (20851) : haproxy version is 3.4.7-1",
            "[WARNING]  (20851) : config : parsing [h.cfg:3] : first line",
            "  | second line",
            "[ALERT]    (20851) : boom"));
        Assert.Equal(new[] { "NOTICE", "WARNING", "ALERT" }, log.Select(e => e.Level));
        Assert.Equal(20851, log[0].ProcessId);
        Assert.Equal("config : parsing [h.cfg:3] : first line\n  | second line", log[1].Message);
        Assert.Empty(HaproxyRequests.GetStartupLog().Interpret(Reply("[6]: ")));
        Assert.True(HaproxyRequests.GetStartupLog().AnswerHasBlankLines);
        Assert.Equal(HaproxyErrorKind.PermissionDenied, Assert.ThrowsAny<HaproxyException>(() => HaproxyRequests.GetStartupLog().Interpret(Reply("[3]: Permission denied"))).Kind);
    }

    private const string FollowLine = "set severity-output number;set timeout cli 86400;show events evring -w";

    [Fact]
    public async Task Follow_StreamsEachLine_OnAConnectionOfItsOwn_UntilCancelled()
    {
        using var server = FakeHaproxyServer.StartTcpWithScriptedHandshake(async (conn, line) =>
        {
            if (line == "show events evring -n") await conn.SendAsync("\n");
            else if (line == FollowLine)
            {
                await conn.SendAsync("\n\n<134>1 2026-12-07T20:06:13+00:00 - haproxy 1 - - first\n");
                await Task.Delay(200);
                await conn.SendAsync("[3]: second\n");
            }
            else await FakeHaproxyServer.AnswerHandshakeOrNormally(conn, line);
        });
        using var session = await TestHarness.ConnectAsync(server);
        var seen = new List<HaproxyEvent>();
        var sent = new List<string>();
        using var cts = new CancellationTokenSource();
        var following = Task.Run(() => EventReader.Follow(session, "evring", e =>
        {
            seen.Add(e);
            if (seen.Count == 2) cts.Cancel();
        }, cts.Token, r => sent.Add(r.Line)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => following.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(new[] { "show events evring -n", "show events evring -w" }, sent);
        Assert.Equal(new[] { 134, (int?)null }, seen.Select(e => e.Priority));
        Assert.Equal("[3]: second", seen[1].Message);
        Assert.Same(session, seen[0].GetSession());
                // The session's own connection was not used for the stream, and still answers.
        Assert.Equal(2, server.Accepted);
        Assert.Equal(0, session.Reconnects);
        Assert.NotNull(session.Execute(HaproxyRequests.ShowInfo()));
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task Follow_AStreamHaproxyCloses_IsAConnectionError()
    {
        using var server = FakeHaproxyServer.StartTcpWithScriptedHandshake(async (conn, line) =>
        {
            if (line == FollowLine)
            {
                await conn.SendAsync("\n\nonly\n");
                conn.Close();
            }
            else await FakeHaproxyServer.AnswerHandshakeOrNormally(conn, line);
        });
        using var session = await TestHarness.ConnectAsync(server);
        var seen = new List<string>();
        var ex = await Assert.ThrowsAsync<HaproxyConnectionException>(() =>
            Task.Run(() => session.Follow(HaproxyRequests.FollowEvents("evring"), e => seen.Add(e.Message))).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("closed the connection", ex.Message);
        Assert.Equal(new[] { "only" }, seen);
    }

    [Fact]
    public async Task Follow_ACallbackThatThrows_EndsTheStream()
    {
        using var server = FakeHaproxyServer.StartTcpWithScriptedHandshake(async (conn, line) =>
        {
            if (line == FollowLine) await conn.SendAsync("\n\na\nb\n");
            else await FakeHaproxyServer.AnswerHandshakeOrNormally(conn, line);
        });
        using var session = await TestHarness.ConnectAsync(server);
        await Assert.ThrowsAsync<StopFollowingException>(() =>
            Task.Run(() => session.Follow(HaproxyRequests.FollowEvents("evring"), e => throw new StopFollowingException())).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private sealed class StopFollowingException : Exception { }
}
