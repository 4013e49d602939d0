using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using Xunit;
using static HaproxyRuntime.Client.Tests.TestHarness;

namespace HaproxyRuntime.Client.Tests;

/// <summary>ServerAddressSync: waiting until HAProxy shows the address a <c>set server addr</c> asked for (HAProxy
/// applies it after answering). The fake answers <c>show servers state</c> with the old address a scripted number of
/// times before the new one.</summary>
public class ServerAddressSyncTests
{
    private const string Header = FakeHaproxyServer.ServersStateHeader;

    private static string Row(string backend, string name, string address, int port) =>
        $"\n4 {backend} 1 {name} {address} 2 0 1 1 0 1 0 0 0 0 0 0 - {port} - 0 0 - - 0";

    private static Task<HaproxySession> ConnectAsync(FakeHaproxyServer server) =>
        TestHarness.ConnectAsync(server, Options(commandMs: 3000, connectMs: 3000), boundMs: 10_000);

    private static HaproxyServer Server(string address, int port) =>
        ServersStateParser.Parse((Header + Row("b", "s1", address, port)).Split('\n').ToList())[0];

    [Theory]
    [InlineData("127.0.0.2", null, "127.0.0.2", 80, true)]
    [InlineData("127.0.0.2", 8081, "127.0.0.2", 8081, true)]
    [InlineData("127.0.0.2", 8081, "127.0.0.2", 8080, false)]
    [InlineData("127.0.0.2", null, "127.0.0.1", 80, false)]
    [InlineData("::1", null, "0:0:0:0:0:0:0:1", 80, true)]
    [InlineData("0:0:0:0:0:0:0:1", 9000, "::1", 9000, true)]
    [InlineData("::ffff:127.0.0.1", null, "127.0.0.1", 80, false)]
    [InlineData("FE80::1", null, "fe80::1", 80, true)]
    // HAProxy reads "*" as the IPv4 any address (tools.c str2ip2).
    [InlineData("*", null, "0.0.0.0", 80, true)]
    [InlineData("*", null, "::", 80, false)]
    public void IsMetBy_ComparesAddressesAsIpAndThePortWhenGiven(string wanted, int? port, string actual, int actualPort, bool met)
    {
        var expectation = new ServerAddressExpectation("b", "s1", wanted, port);
        Assert.Equal(met, expectation.IsMetBy(Server(actual, actualPort)));
    }

    [Fact]
    public async Task Waits_UntilEveryServerShowsItsNewAddress_ReadingEachBackendOncePerRound()
    {
        using var server = FakeHaproxyServer.StartTcp();
        int readsOfB = 0, readsOfC = 0;
        server.OnLine = FakeHaproxyServer.Segments(seg => seg switch
        {
            // b/s1 is applied at the third read, b/s2 at the second; c/s1 at once.
            "show servers state b" => Header
                + Row("b", "s1", Interlocked.Increment(ref readsOfB) >= 3 ? "127.0.0.9" : "127.0.0.1", 8080)
                + Row("b", "s2", readsOfB >= 2 ? "127.0.0.8" : "127.0.0.1", 8080),
            "show servers state c" => Header + Row("c", "s1", Interlocked.Increment(ref readsOfC) > 0 ? "127.0.0.7" : "127.0.0.1", 9000),
            _ => FakeHaproxyServer.DefaultAnswer(seg),
        });
        using var session = await ConnectAsync(server);
        var sent = new List<string>();

        var unmet = await Task.Run(() => ServerAddressSync.WaitUntilApplied(session, new[]
        {
            new ServerAddressExpectation("b", "s1", "127.0.0.9", null),
            new ServerAddressExpectation("b", "s2", "127.0.0.8", 8080),
            new ServerAddressExpectation("c", "s1", "127.0.0.7", 9000),
        }, TimeSpan.FromSeconds(5), default, c => sent.Add(c.Line))).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(unmet);
        Assert.Equal(3, readsOfB);
        Assert.Equal(1, readsOfC);
        Assert.Equal(new[] { "show servers state b", "show servers state c", "show servers state b", "show servers state b" }, sent);
    }

    [Fact]
    public async Task ReturnsTheUnmetOnes_AfterTheTimeout_AndCountsAMissingServerAsSettled()
    {
        using var server = FakeHaproxyServer.StartTcp();
        int reads = 0;
        server.OnLine = FakeHaproxyServer.Segments(seg =>
        {
            if (seg != "show servers state b") return FakeHaproxyServer.DefaultAnswer(seg);
            Interlocked.Increment(ref reads);
            return Header + Row("b", "s1", "127.0.0.1", 8080); // never the new address; b/gone is not listed
        });
        using var session = await ConnectAsync(server);
        var stuck = new ServerAddressExpectation("b", "s1", "127.0.0.9", 8080);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var unmet = await Task.Run(() => ServerAddressSync.WaitUntilApplied(session,
            new[] { stuck, new ServerAddressExpectation("b", "gone", "127.0.0.9", null) },
            TimeSpan.FromMilliseconds(300))).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Same(stuck, Assert.Single(unmet));
        Assert.InRange(clock.ElapsedMilliseconds, 300, 3000);
        // 1, 2, 4, ... 50 ms pauses: a handful of reads (about 12), not a busy loop (thousands). The upper bound has room:
        // a CI run on a loaded machine once counted 21.
        Assert.InRange(reads, 4, 40);
    }

    [Fact]
    public async Task StopsWhenCancelled()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(seg =>
            seg == "show servers state b" ? Header + Row("b", "s1", "127.0.0.1", 8080) : FakeHaproxyServer.DefaultAnswer(seg)));
        using var session = await ConnectAsync(server);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Run(() => ServerAddressSync.WaitUntilApplied(session,
            new[] { new ServerAddressExpectation("b", "s1", "127.0.0.9", null) }, TimeSpan.FromSeconds(30), cts.Token)));
        Assert.InRange(clock.ElapsedMilliseconds, 150, 5000);
    }

    [Fact]
    public void SetServerAddressCommand_IsWhatTheExpectationDescribes()
    {
        // The cmdlet pairs the two; both must name the same server.
        var command = HaproxyRequests.SetServerAddress("b", "s1", "127.0.0.9", 8081);
        var expectation = new ServerAddressExpectation("b", "s1", "127.0.0.9", 8081);
        Assert.Equal("set server b/s1 addr 127.0.0.9 port 8081", command.Line);
        Assert.Equal(command.Target, expectation.FullName);
    }
}
