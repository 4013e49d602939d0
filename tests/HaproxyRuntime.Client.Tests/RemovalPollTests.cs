using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;
using Xunit;
using static HaproxyRuntime.Client.Tests.TestHarness;

namespace HaproxyRuntime.Client.Tests;

/// <summary>HAProxy before 3.0 has no 'wait': the removal wait polls 'show stat' for the conditions 'del server' checks
/// (maintenance, no session, no queue, no idle connection) instead.</summary>
public class RemovalPollTests
{
    private const string Header = "# pxname,svname,qcur,qmax,scur,smax,slim,stot,status,idle_conn_cur,safe_conn_cur,used_conn_cur,";

    private static string Row(string server, string status, int sessions, int queued = 0, int idle = 0, int safe = 0) =>
        $"b,{server},{queued},0,{sessions},0,,9,{status},{idle},{safe},0,";

    /// <summary>A HAProxy whose server b/s reports what <paramref name="rowAt"/> says for the n-th poll (from 1).</summary>
    private static FakeHaproxyServer Haproxy(Func<int, string> rowAt)
    {
        int polls = 0;
        return FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(seg => seg switch
        {
            "show stat b 4 -1" => Header + "\nb,other,0,0,0,0,,0,UP,0,0,0,\n" + rowAt(Interlocked.Increment(ref polls)),
            "show stat nobe 4 -1" => "[3]: No such proxy.",
            _ => FakeHaproxyServer.DefaultAnswer(seg),
        }));
    }

    private static CliRequest<CliDone> Poll(string server = "s", int ms = 2000) =>
        HaproxyRequests.PollServerRemovable("b", server, TimeSpan.FromMilliseconds(ms));

    [Fact]
    public void BeforeHaproxy30_TheWaitIsThePoll()
    {
        var poll = HaproxyRequests.WaitServerRemovable("b", "s", TimeSpan.FromSeconds(2), new Version(2, 6, 12));
        Assert.Equal("show stat b 4 -1", poll.Line);
        Assert.Equal(TimeSpan.FromSeconds(2), poll.RepeatFor);
        Assert.Null(poll.RequiredFeature);
        Assert.Contains("before 3.0 has no 'wait'", poll.Note);
        Assert.False(poll.IsWrite);

        var wait = HaproxyRequests.WaitServerRemovable("b", "s", TimeSpan.FromSeconds(2), new Version(3, 0, 11));
        Assert.Equal("wait 2000ms srv-removable b/s", wait.Text);
        Assert.Null(wait.RepeatFor);
        Assert.Null(wait.Note);
        // Unknown version: the real command (HAProxy then says itself what it lacks).
        Assert.Equal("wait 2000ms srv-removable b/s", HaproxyRequests.WaitServerRemovable("b", "s", TimeSpan.FromSeconds(2)).Text);
    }

    [Fact]
    public void TheRemovalPlan_UsesThePollBefore30()
    {
        var steps = SafeRemoval.ServerSteps("b", "s", TimeSpan.FromSeconds(1), false, new Version(2, 6));
        Assert.Equal(new[] { "set server b/s state drain", "set server b/s state maint", "show stat b 4 -1", "del server b/s" },
            steps.Select(s => s.Text).ToArray());
        Assert.Equal("wait 1000ms srv-removable b/s", SafeRemoval.ServerSteps("b", "s", TimeSpan.FromSeconds(1), false, new Version(3, 2))[2].Text);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PolledUntilTheServerIsFree(bool synchronous)
    {
        // Busy twice (a session, then an idle connection), then free.
        using var server = Haproxy(n => n switch
        {
            1 => Row("s", "MAINT", sessions: 1),
            2 => Row("s", "MAINT", sessions: 0, safe: 1),
            _ => Row("s", "MAINT (via b/t)", sessions: 0),
        });
        using var session = await ConnectAsync(server);
        Assert.Equal(CliDone.Value, await Run(synchronous, session, Poll()));
        Assert.Equal(3, server.CountCommand("show stat b 4 -1"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StillBusyAtTheDeadline_IsATimeout_AfterTheWholeWindow(bool synchronous)
    {
        using var server = Haproxy(_ => Row("s", "MAINT", sessions: 2, queued: 1));
        using var session = await ConnectAsync(server);
        var ex = await WithinAsync(400, 2500, async () => await Assert.ThrowsAsync<HaproxyCommandException>(() => Run(synchronous, session, Poll(ms: 400))));
        Assert.Equal(HaproxyErrorKind.Timeout, ex.Kind);
        Assert.Contains("still has 2 session(s), 1 queued request(s) and 0 idle connection(s) after 400ms", ex.Message);
        // Polled several times, but not flooded: 50 ms doubling up to 500 ms makes about 5 checks in 400 ms.
        int polls = server.CountCommand("show stat b 4 -1");
        Assert.InRange(polls, 3, 8);
        // The session is still usable afterwards.
        Assert.Equal("3.4.7-1", await Run(session, HaproxyRequests.ShowVersion()));
    }

    [Fact]
    public async Task ZeroTimeout_ChecksOnce()
    {
        using var server = Haproxy(_ => Row("s", "MAINT", sessions: 1));
        using var session = await ConnectAsync(server);
        var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Run(session, Poll(ms: 0)));
        Assert.Equal(HaproxyErrorKind.Timeout, ex.Kind);
        Assert.Equal(1, server.CountCommand("show stat b 4 -1"));
    }

    [Theory]
    [InlineData("UP")]
    [InlineData("DRAIN")]
    [InlineData("DOWN")]
    public async Task AServerNotInMaintenance_FailsAtOnce(string status)
    {
        using var server = Haproxy(_ => Row("s", status, sessions: 0));
        using var session = await ConnectAsync(server);
        var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Run(session, Poll()));
        Assert.Equal(HaproxyErrorKind.NotRemovable, ex.Kind);
        Assert.Contains("only servers in maintenance mode can be deleted", ex.Message);
        Assert.Equal(1, server.CountCommand("show stat b 4 -1"));
    }

    [Fact]
    public async Task AMissingServerOrBackend_IsNotFound_AtOnce()
    {
        using var server = Haproxy(_ => Row("s", "MAINT", sessions: 0));
        using var session = await ConnectAsync(server);
        var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Run(session, Poll("nosuch")));
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
        Assert.Contains("b/nosuch", ex.Message);
        ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Run(session, HaproxyRequests.PollServerRemovable("nobe", "s", TimeSpan.FromSeconds(2))));
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
        Assert.Equal(1, server.CountCommand("show stat b 4 -1"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Cancellation_StopsThePollPromptly(bool synchronous)
    {
        using var server = Haproxy(_ => Row("s", "MAINT", sessions: 1));
        using var session = await ConnectAsync(server);
        using var cts = new CancellationTokenSource(300);
        await WithinAsync(250, 2000, async () => await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(synchronous, session, Poll(ms: 60_000), cts.Token)));
    }

    [Fact]
    public async Task APolledRequest_IsNotPipelined()
    {
        using var server = Haproxy(_ => Row("s", "MAINT", sessions: 0));
        using var session = await ConnectAsync(server);
        await Assert.ThrowsAsync<ArgumentException>(() => RunMany(session, new[] { Poll() }));
        Assert.Equal(0, server.CountCommand("show stat b 4 -1"));
    }

    [Fact]
    public async Task APlanStoppedAtThePoll_SaysWhy()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(seg => seg switch
        {
            "show stat b 4 -1" => Header + "\n" + Row("s", "MAINT", sessions: 1),
            "set server b/s state drain" or "set server b/s state maint" => "",
            _ => FakeHaproxyServer.DefaultAnswer(seg),
        }));
        using var session = await ConnectAsync(server);
        var steps = SafeRemoval.ServerSteps("b", "s", TimeSpan.FromMilliseconds(100), false, new Version(2, 6));
        var ex = Assert.Throws<HaproxyCommandException>(() => SafeRemoval.Run(session, steps));
        Assert.Equal(HaproxyErrorKind.Timeout, ex.Kind);
        Assert.StartsWith("The removal stopped at step 3 of 4, 'show stat b 4 -1' (steps 1-2 were applied): Wait delay expired: server 'b/s' still has 1 session(s)", ex.Message);
        Assert.Equal(0, server.CountCommand("del server b/s"));
    }

    // ---- WaitServerIdle: what -Rolling waits for on each node once the server is drained or in maintenance ----

    [Theory]
    [InlineData("DRAIN", true)]
    [InlineData("MAINT", true)]
    [InlineData("UP", false)]
    [InlineData("DRAIN", false)]
    public async Task Idle_IsPolledUntilNoSessionAndNoQueueAreLeft_WhateverTheState(string status, bool synchronous)
    {
        // A session, then a queued request, then nothing; idle connections (no request on them) do not hold it.
        using var server = Haproxy(n => n switch
        {
            1 => Row("s", status, sessions: 1),
            2 => Row("s", status, sessions: 0, queued: 1),
            _ => Row("s", status, sessions: 0, idle: 3, safe: 1),
        });
        using var session = await ConnectAsync(server);
        var idle = HaproxyRequests.WaitServerIdle("b", "s", TimeSpan.FromSeconds(2));
        Assert.Equal("show stat b 4 -1", idle.Line);
        Assert.False(idle.IsWrite);
        Assert.Equal(CliDone.Value, await Run(synchronous, session, idle));
        Assert.Equal(3, server.CountCommand("show stat b 4 -1"));
    }

    [Fact]
    public async Task Idle_StillBusyAtTheDeadline_IsATimeoutThatSaysWhatIsLeft()
    {
        using var server = Haproxy(_ => Row("s", "DRAIN", sessions: 2, queued: 1));
        using var session = await ConnectAsync(server);
        var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Run(session, HaproxyRequests.WaitServerIdle("b", "s", TimeSpan.FromMilliseconds(200))));
        Assert.Equal(HaproxyErrorKind.Timeout, ex.Kind);
        Assert.Contains("'b/s' still has 2 session(s) and 1 queued request(s) after 200ms", ex.Message);
    }

    [Fact]
    public async Task Idle_AMissingServer_IsNotFound_AtOnce()
    {
        using var server = Haproxy(_ => Row("s", "DRAIN", sessions: 0));
        using var session = await ConnectAsync(server);
        var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Run(session, HaproxyRequests.WaitServerIdle("b", "nosuch", TimeSpan.FromSeconds(2))));
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
        Assert.Equal(1, server.CountCommand("show stat b 4 -1"));
    }
}
