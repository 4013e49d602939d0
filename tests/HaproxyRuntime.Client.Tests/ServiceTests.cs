using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Capabilities;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;
using Xunit;
using static HaproxyRuntime.Client.Tests.TestHarness;

namespace HaproxyRuntime.Client.Tests;

/// <summary>What keeps requests from failing while servers come and go (issue "Zero failed requests"): whether a
/// backend's traffic has a server (the warning), waiting for a healthy server before publishing, init-state, the
/// back-out plan's route removal and drain period.</summary>
public class ServiceTests
{
    private const string Header = "# pxname,svname,qcur,scur,weight,status,check_status,check_desc,";

    private static string Row(string px, string sv, string weight, string status, string check = "", string desc = "") =>
        $"{px},{sv},0,0,{weight},{status},{check},{desc},";

    private static CliReply Reply(params string[] lines) => CliReply.FromLines(lines.ToList());

    /// <summary>Many backends in one read of the backend rows: a published backend whose act and bck (servers up with a
    /// non-zero weight) are both 0 fails requests; an unpublished one, one with a backup server in service, other
    /// proxies and a backend the dump lacks (removed meanwhile) do not count.</summary>
    [Fact]
    public void GetBackendsFailingRequests_ReadsTheBackendRows()
    {
        var request = HaproxyRequests.GetBackendsFailingRequests(new[] { "a", "b", "c", "d", "gone" });
        Assert.Equal("show stat -1 2 -1", request.Line);
        const string header = "# pxname,svname,status,weight,act,bck,";
        var failing = request.Interpret(Reply(header,
            "a,BACKEND,DOWN,0,0,0,",
            "b,BACKEND,UP,3,1,0,",
            "c,BACKEND,UP,1,0,1,",
            "d,BACKEND,DOWN (UNPUB),0,0,0,",
            "other,BACKEND,DOWN,0,0,0,"));
        Assert.Equal(new[] { "a" }, failing);
    }

    [Theory]
    [InlineData("UP", "1", true)]
    [InlineData("UP 1/3", "1", true)]
    [InlineData("no check", "1", true)]
    [InlineData("UP", "0", false)]
    [InlineData("DRAIN", "1", false)]
    [InlineData("MAINT", "1", false)]
    [InlineData("MAINT (via b/t)", "1", false)]
    [InlineData("NOLB", "1", false)]
    [InlineData("DOWN", "1", false)]
    [InlineData("DOWN 1/2", "1", false)]
    [InlineData("DOWN (agent)", "1", false)]
    public void BackendService_CountsTheServersThatTakeRequests(string status, string weight, bool takes)
    {
        var request = HaproxyRequests.GetBackendService("b");
        Assert.Equal("show stat b -1 -1", request.Line);
        var service = request.Interpret(Reply(Header, Row("b", "BACKEND", "1", "UP"), Row("b", "s1", weight, status), Row("b", "s2", "1", "MAINT")));
        Assert.True(service.Published);
        Assert.Equal(new[] { "s1", "s2" }, service.Servers);
        Assert.Equal(takes ? new[] { "s1" } : Array.Empty<string>(), service.ServersInService);
        Assert.Equal(!takes, service.FailsRequests);
    }

    [Fact]
    public void BackendService_AnUnpublishedBackend_FailsNoRequest()
    {
        var service = HaproxyRequests.GetBackendService("b").Interpret(Reply(Header, Row("b", "BACKEND", "0", "DOWN (UNPUB)"), Row("b", "s1", "1", "MAINT")));
        Assert.False(service.Published);
        Assert.Empty(service.ServersInService);
        Assert.False(service.FailsRequests);
        // A backend without any server, published: every request routed to it fails.
        Assert.True(HaproxyRequests.GetBackendService("b").Interpret(Reply(Header, Row("b", "BACKEND", "0", "DOWN"))).FailsRequests);
    }

    [Fact]
    public void BackendService_OfAMissingBackend_IsNotFound()
    {
        var ex = Assert.Throws<HaproxyCommandException>(() => HaproxyRequests.GetBackendService("nobe").Interpret(Reply("[3]: No such proxy.")));
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
    }

    [Theory]
    [InlineData("UP", "L7OK", true)]
    [InlineData("UP", "L4OK", true)]
    [InlineData("UP", "* L6OK", true)]
    [InlineData("no check", "", true)]
    [InlineData("UP", "INI", false)]        // up by default init-state, not checked yet
    [InlineData("UP 2/3", "L4CON", false)]  // its last check failed
    [InlineData("DOWN 1/2", "L7OK", false)] // a check passed, not yet enough to rise
    [InlineData("DOWN", "L4CON", false)]
    [InlineData("DRAIN", "L7OK", false)]
    [InlineData("MAINT", "L7OK", false)]
    public void ServerHealthy_MeansInServiceWithItsLastCheckPassed(string status, string check, bool healthy)
    {
        var request = HaproxyRequests.WaitServerHealthy("b", "s", TimeSpan.FromSeconds(3));
        Assert.Equal("show stat b 4 -1", request.Line);
        Assert.Equal(TimeSpan.FromSeconds(3), request.RepeatFor);
        Assert.Contains("until it is in service and has passed its health check", request.Note);
        var reply = Reply(Header, Row("b", "other", "1", "UP", "L7OK"), Row("b", "s", "1", status, check, "Connection refused"));
        if (healthy)
        {
            Assert.Equal(CliDone.Value, request.Interpret(reply));
        }
        else
        {
            var ex = Assert.Throws<HaproxyCommandException>(() => request.Interpret(reply));
            Assert.Equal(HaproxyErrorKind.Timeout, ex.Kind);
            Assert.Contains($"Server 'b/s' is not healthy after 3000ms: {status}", ex.Message);
        }
    }

    [Fact]
    public void ServerHealthy_OfAMissingServer_IsNotFound()
    {
        var ex = Assert.Throws<HaproxyCommandException>(() => HaproxyRequests.WaitServerHealthy("b", "s", TimeSpan.FromSeconds(1)).Interpret(Reply(Header, Row("b", "x", "1", "UP", "L7OK"))));
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
    }

    [Fact]
    public void BackendHealthy_OneHealthyServerIsEnough_TheTimeoutSaysWhatEachIs()
    {
        var request = HaproxyRequests.WaitBackendHealthy("b", TimeSpan.FromSeconds(2));
        Assert.Equal(CliDone.Value, request.Interpret(Reply(Header, Row("b", "s1", "1", "DOWN", "L4CON"), Row("b", "s2", "1", "UP", "L7OK"))));
        var ex = Assert.Throws<HaproxyCommandException>(() => request.Interpret(Reply(Header, Row("b", "s1", "1", "DOWN", "L4CON", "Connection refused"), Row("b", "s2", "1", "MAINT"))));
        Assert.Equal(HaproxyErrorKind.Timeout, ex.Kind);
        Assert.Equal("Backend 'b' has no healthy server after 2000ms (s1: DOWN, check L4CON (Connection refused); s2: MAINT).", ex.Message);
        ex = Assert.Throws<HaproxyCommandException>(() => request.Interpret(Reply(Header)));
        Assert.Contains("(it has no server)", ex.Message);
    }

    [Fact]
    public async Task BackendHealthy_IsPolledUntilAServerPassesItsCheck()
    {
        int polls = 0;
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(seg => seg switch
        {
            "show stat b 4 -1" => Header + "\n" + (Interlocked.Increment(ref polls) < 3 ? Row("b", "s1", "1", "UP", "INI") : Row("b", "s1", "1", "UP", "L7OK")),
            _ => FakeHaproxyServer.DefaultAnswer(seg),
        }));
        using var session = await ConnectAsync(server);
        Assert.Equal(CliDone.Value, await Run(session, HaproxyRequests.WaitBackendHealthy("b", TimeSpan.FromSeconds(5))));
        Assert.Equal(3, server.CountCommand("show stat b 4 -1"));
    }

    [Theory]
    [InlineData(HaproxyServerInitState.FullyUp, "fully-up")]
    [InlineData(HaproxyServerInitState.Up, "up")]
    [InlineData(HaproxyServerInitState.Down, "down")]
    [InlineData(HaproxyServerInitState.FullyDown, "fully-down")]
    public void AddServer_InitState_NeedsHaproxy32(HaproxyServerInitState state, string word)
    {
        var request = HaproxyRequests.AddServer("b", "s", "127.0.0.1", 80, new AddServerOptions { Check = true, InitState = state });
        Assert.Equal($"add server b/s 127.0.0.1:80 check init-state {word}", request.Text);
        Assert.Equal(HaproxyFeature.ServerInitState, request.RequiredFeature);
    }

    [Fact]
    public void AddServer_InitStateDown_NeedsACheck_AndIsGivenOnce()
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddServer("b", "s", "127.0.0.1", 80, new AddServerOptions { InitState = HaproxyServerInitState.Down }));
        Assert.Equal("InitState", ex.ParameterName);
        Assert.Contains("has none", ex.Message);
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddServer("b", "s", "127.0.0.1", 80, new AddServerOptions { InitState = HaproxyServerInitState.FullyDown }));
        // A check given as a keyword counts; Up needs none.
        Assert.Equal("add server b/s 127.0.0.1:80 init-state down check", HaproxyRequests.AddServer("b", "s", "127.0.0.1", 80, new AddServerOptions { InitState = HaproxyServerInitState.Down, Keywords = { "check" } }).Text);
        Assert.Contains("init-state up", HaproxyRequests.AddServer("b", "s", "127.0.0.1", 80, new AddServerOptions { InitState = HaproxyServerInitState.Up }).Text);
        ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddServer("b", "s", "127.0.0.1", 80, new AddServerOptions { Check = true, InitState = HaproxyServerInitState.Up, Keywords = { "init-state down" } }));
        Assert.Contains("given twice", ex.Message);
    }

    [Fact]
    public void BackendPlan_RemovesItsRoutesByReference_OnceUnpublished()
    {
        var routes = new[] { new HaproxyMapEntry("virt@paths.map", "/test", "b", "0x55d1"), new HaproxyMapEntry("virt@hosts.map", "b.example", "b", "0x77aa") };
        var steps = SafeRemoval.BackendSteps("b", new[] { "s1" }, TimeSpan.FromSeconds(1), false, routes);
        Assert.Equal(new[]
        {
            "unpublish backend b", "del map virt@paths.map #0x55d1", "del map virt@hosts.map #0x77aa",
            "set server b/s1 state drain", "set server b/s1 state maint", "wait 1000ms srv-removable b/s1", "del server b/s1",
            "wait 1000ms be-removable b", "del backend b",
        }, steps.Select(s => s.Text).ToArray());
    }

    [Fact]
    public async Task FindRoutes_ReadsTheEntriesWhoseValueIsTheBackend()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(seg => seg switch
        {
            // 0x5: a key with a space, which 'show map' prints unescaped.
            "show map virt@paths.map" => "0x1 /test b\n0x2 /other webservers\n0x3 /b-like bb\n0x4 /again b\n0x5 a key b",
            "show map nosuch.map" => "[3]: Unknown map identifier. Please use #<id> or <file>.",
            _ => FakeHaproxyServer.DefaultAnswer(seg),
        }));
        using var session = await ConnectAsync(server);
        // The same map named twice: each route once.
        var routes = SafeRemoval.FindRoutes(session, "b", new[] { "virt@paths.map", "virt@paths.map" });
        Assert.Equal(new[] { "#0x1", "#0x4", "#0x5" }, routes.Select(r => r.Ref).ToArray());
        Assert.Equal(1, server.CountCommand("show map virt@paths.map"));
        var ex = Assert.Throws<HaproxyCommandException>(() => SafeRemoval.FindRoutes(session, "b", new[] { "nosuch.map" }));
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
    }

    [Fact]
    public async Task ServerPlan_DrainsForTheDrainPeriod_BeforeMaintenance()
    {
        var sent = new List<(string Line, long At)>();
        var clock = Stopwatch.StartNew();
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(seg =>
        {
            lock (sent) sent.Add((seg, clock.ElapsedMilliseconds));
            return seg.StartsWith("set server", StringComparison.Ordinal) || seg.StartsWith("set timeout", StringComparison.Ordinal) ? ""
                : seg.StartsWith("wait", StringComparison.Ordinal) ? "[6]: Done."
                : seg.StartsWith("del server", StringComparison.Ordinal) ? "[6]: Server deleted." : FakeHaproxyServer.DefaultAnswer(seg);
        }));
        using var session = await ConnectAsync(server);
        var steps = SafeRemoval.ServerSteps("b", "s", TimeSpan.FromSeconds(1), false, null, TimeSpan.FromMilliseconds(400));
        Assert.Equal(TimeSpan.FromMilliseconds(400), steps[0].PauseAfter);
        SafeRemoval.Run(session, steps);
        long drained = sent.Single(s => s.Line == "set server b/s state drain").At;
        long maint = sent.Single(s => s.Line == "set server b/s state maint").At;
        Assert.True(maint - drained >= 380, $"maintenance came {maint - drained} ms after drain");
        Assert.Throws<HaproxyArgumentException>(() => SafeRemoval.ServerSteps("b", "s", TimeSpan.FromSeconds(1), false, null, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task ServerPlan_ADrainPeriod_IsCancellable()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(seg => seg.StartsWith("set server", StringComparison.Ordinal) ? "" : FakeHaproxyServer.DefaultAnswer(seg)));
        using var session = await ConnectAsync(server);
        var steps = SafeRemoval.ServerSteps("b", "s", TimeSpan.FromSeconds(1), false, null, TimeSpan.FromMinutes(5));
        using var cts = new CancellationTokenSource(300);
        await WithinAsync(250, 3000, () => Task.Run(() => Assert.ThrowsAny<OperationCanceledException>(() => SafeRemoval.Run(session, steps, null, cts.Token))));
        Assert.Equal(0, server.CountCommand("set server b/s state maint"));
    }
}
