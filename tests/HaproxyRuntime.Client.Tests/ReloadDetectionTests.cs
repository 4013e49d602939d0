using System;
using System.Threading.Tasks;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using Xunit;
using static HaproxyRuntime.Client.Tests.TestHarness;

namespace HaproxyRuntime.Client.Tests;

/// <summary>A reload leaves existing CLI connections on the old, stopping worker (protocol notes §10). After an idle
/// period the session checks 'show info' and moves to the live worker.</summary>
public class ReloadDetectionTests
{
    // RevalidateAfterIdle is long enough that back-to-back commands on a loaded machine (the fault tests run beside
    // these, and the first command pays for its JIT) are never taken for an idle period; 200 ms was not (one CI failure).
    private static Task<HaproxySession> ConnectAsync(FakeHaproxyServer server) =>
        TestHarness.ConnectAsync(server, Options(commandMs: 3000, connectMs: 3000, revalidateAfterIdleMs: IdleMs));

    private const int IdleMs = 1000;

    private static Task IdleLongerThanRevalidateAfter() => Task.Delay(IdleMs + 300);

    private static Func<FakeConnection, string, Task> InfoSays(string stopping, int pid) =>
        FakeHaproxyServer.Segments(s => s == "show info" ? FakeHaproxyServer.InfoBody(pid, stopping) : FakeHaproxyServer.DefaultAnswer(s));

    [Fact]
    public async Task AfterIdle_AStoppingWorkerIsLeftForTheLiveOne()
    {
        using var server = FakeHaproxyServer.StartTcp(InfoSays("1", 123));
        using var session = await ConnectAsync(server);
        Assert.Equal("3.4.7-1", await session.ExecuteAsync(HaproxyRequests.ShowVersion()));
        await IdleLongerThanRevalidateAfter();

        Assert.Equal("3.4.7-1", await session.ExecuteAsync(HaproxyRequests.ShowVersion()));

        Assert.Equal(1, session.ReloadsDetected);
        Assert.Equal(1, session.Reconnects);
        Assert.Equal(2, server.Handshakes);
    }

    [Fact]
    public async Task AfterIdle_AnotherPidMeansAReloadToo()
    {
        using var server = FakeHaproxyServer.StartTcp(InfoSays("0", 999));
        using var session = await ConnectAsync(server);
        await session.ExecuteAsync(HaproxyRequests.ShowVersion());
        await IdleLongerThanRevalidateAfter();
        await session.ExecuteAsync(HaproxyRequests.ShowVersion());
        Assert.Equal(1, session.ReloadsDetected);
    }

    [Fact]
    public async Task AfterIdle_TheSameLiveWorkerKeepsTheConnection_AndBackToBackCommandsAreNotChecked()
    {
        using var server = FakeHaproxyServer.StartTcp(InfoSays("0", 123));
        using var session = await ConnectAsync(server);
        for (int i = 0; i < 20; i++) await session.ExecuteAsync(HaproxyRequests.ShowVersion());
        Assert.Equal(0, server.CountCommand("show info")); // no idle period, no check
        await IdleLongerThanRevalidateAfter();
        await session.ExecuteAsync(HaproxyRequests.ShowVersion());

        Assert.Equal(1, server.CountCommand("show info"));
        Assert.Equal(0, session.ReloadsDetected);
        Assert.Equal(0, session.Reconnects);
        Assert.Equal(1, server.Handshakes);
    }
}
