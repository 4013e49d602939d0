using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Transport;
using Xunit;
using static HaproxyRuntime.Client.Tests.TestHarness;

namespace HaproxyRuntime.Client.Tests;

/// <summary>Framing, reconnection and fault handling of <see cref="HaproxySession"/> against an in-process fake.</summary>
public class SessionFramingTests
{
    // ---- handshake ------------------------------------------------------------------------------------------

    [Fact]
    public async Task Handshake_LearnsVersionAndPid()
    {
        using var server = FakeHaproxyServer.StartTcp();
        using var session = await ConnectAsync(server);

        Assert.Equal("3.4.7-1", session.Version);
        Assert.Equal(123, session.ProcessId);
        Assert.Null(session.Node);
        Assert.True(session.IsConnected);
        Assert.False(session.IsClosed);
        Assert.Equal(0, session.Reconnects);
        Assert.NotNull(session.ConnectedAt);
        Assert.Equal(server.Endpoint, session.Endpoint);
        Assert.Equal($"tcp://127.0.0.1:{server.Port}", session.Name);
        Assert.Equal("admin", session.Level);
        Assert.Equal(new[] { "prompt i", "set severity-output number", "show info", "show cli level" }, server.HandshakeLines.ToArray());
        Assert.Equal(1, server.Handshakes);
        Assert.Empty(server.Commands);
        Assert.True(await FakeHaproxyServer.WaitUntilAsync(() => server.BytesReceived == FakeHaproxyServer.HandshakeText.Length));
    }

    [Fact]
    public async Task Handshake_ReadsNodeAndCustomName()
    {
        using var server = FakeHaproxyServer.StartTcp();
        server.Info = _ => "Name: HAProxy\nVersion: 3.4.7-1\nRelease_date: 2026/01/15\nPid: 4711\nnode: lb-a\nStopping: 0\n\n";
        var options = Options();
        options.Name = "edge";
        using var session = await ConnectAsync(server, options);
        Assert.Equal(4711, session.ProcessId);
        Assert.Equal("lb-a", session.Node);
        Assert.Equal("edge", session.Name);
        Assert.Contains("edge", session.ToString());
    }

    [Fact]
    public async Task Handshake_AnswersArrivingByteByByte()
    {
        using var server = FakeHaproxyServer.StartTcp();
        server.HandshakeByteByByte = true;
        using var session = await ConnectAsync(server);
        Assert.Equal("3.4.7-1", session.Version);
        Assert.Equal(123, session.ProcessId);
    }

    [Fact]
    public async Task Handshake_StalledServer_TimesOut()
    {
        using var server = FakeHaproxyServer.StartTcpWithScriptedHandshake((c, l) => Task.CompletedTask); // never answers, like the master CLI in its default mode
        var sw = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<HaproxyTimeoutException>(() => ConnectAsync(server, Options(connectMs: 500)));
        sw.Stop();
        Assert.True(sw.ElapsedMilliseconds < 2500, $"took {sw.ElapsedMilliseconds} ms");
        Assert.Equal(HaproxyErrorKind.Timeout, ex.Kind);
        Assert.Contains("did not answer the handshake", ex.Message);
    }

    [Fact]
    public async Task Handshake_RejectedPrompt_IsProtocolError()
    {
        using var server = FakeHaproxyServer.StartTcpWithScriptedHandshake((c, l) => c.SendAsync($"[6]: Unknown command: '{l}'\n\n"));
        var ex = await Assert.ThrowsAsync<HaproxyProtocolException>(() => ConnectAsync(server));
        Assert.Contains("did not accept the interactive-mode handshake", ex.Message);
    }

    [Fact]
    public async Task Handshake_ServerClosing_IsConnectionError()
    {
        using var server = FakeHaproxyServer.StartTcpWithScriptedHandshake((c, l) => { c.Close(); return Task.CompletedTask; });
        var ex = await Assert.ThrowsAsync<HaproxyConnectionException>(() => ConnectAsync(server));
        Assert.Contains("closed the connection during the handshake", ex.Message);
    }

    [Fact]
    public async Task Connect_Refused_IsConnectionError()
    {
        // Bound but never listening: connecting is refused, and no other test's server can take the port meanwhile
        // (a port freed by a stopped listener could be handed to the fake server of a test running in parallel).
        using var bound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        bound.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)bound.LocalEndPoint!).Port;
        var ex = await Assert.ThrowsAsync<HaproxyConnectionException>(() => ConnectAsync(HaproxyEndpoint.Tcp("127.0.0.1", port)));
        Assert.Contains("connection refused", ex.Message);
    }

    [Fact]
    public async Task Connect_MissingUnixSocket_IsConnectionError()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hxt-missing-" + Guid.NewGuid().ToString("N").Substring(0, 8), "admin.sock");
        await Assert.ThrowsAsync<HaproxyConnectionException>(() => ConnectAsync(HaproxyEndpoint.Unix(path)));
    }

    [Fact]
    public async Task PermissionDenied_NamesTheSocketLevel()
    {
        using var server = FakeHaproxyServer.StartTcp();
        server.Level = "operator";
        server.OnLine = (conn, line) => conn.SendAsync("[3]: Permission denied\n\n");
        using var session = await ConnectAsync(server);
        Assert.Equal("operator", session.Level);
        var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => session.ExecuteAsync(HaproxyRequests.PublishBackend("be1")));
        Assert.Equal(HaproxyErrorKind.PermissionDenied, ex.Kind);
        Assert.Contains("level 'operator'", ex.Message);
        Assert.Contains("'admin'", ex.Message);
    }

    [Fact]
    public async Task Options_AreValidated()
    {
        // A HaproxyArgumentException (not a bare ArgumentOutOfRangeException) so the cmdlets report InvalidHaproxyArgument.
        var zero = await Assert.ThrowsAsync<HaproxyArgumentException>(() =>
            HaproxySession.ConnectAsync(HaproxyEndpoint.Tcp("127.0.0.1", 9), new HaproxySessionOptions { ConnectTimeout = TimeSpan.Zero }));
        Assert.Equal("ConnectTimeout", zero.ParameterName);
        var negative = await Assert.ThrowsAsync<HaproxyArgumentException>(() =>
            HaproxySession.ConnectAsync(HaproxyEndpoint.Tcp("127.0.0.1", 9), new HaproxySessionOptions { CommandTimeout = TimeSpan.FromSeconds(-1) }));
        Assert.Equal("CommandTimeout", negative.ParameterName);
    }

    [Fact]
    public async Task Options_RefuseTimeoutsTheRuntimeCannotSchedule()
    {
        var ex = await Assert.ThrowsAsync<HaproxyArgumentException>(() =>
            HaproxySession.ConnectAsync(HaproxyEndpoint.Tcp("127.0.0.1", 9), new HaproxySessionOptions { CommandTimeout = TimeSpan.FromDays(60) }));
        Assert.Equal("CommandTimeout", ex.ParameterName);
        var ex2 = await Assert.ThrowsAsync<HaproxyArgumentException>(() =>
            HaproxySession.ConnectAsync(HaproxyEndpoint.Tcp("127.0.0.1", 9), new HaproxySessionOptions { ConnectTimeout = TimeSpan.FromDays(60) }));
        Assert.Equal("ConnectTimeout", ex2.ParameterName);
    }

    // ---- framing --------------------------------------------------------------------------------------------

    [Fact]
    public async Task EmptyAnswer_IsCliDone()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(_ => ""));
        using var session = await ConnectAsync(server);
        var result = await Run(session, HaproxyRequests.SetServerState("mybackend1", "web1", HaproxyServerState.Maint));
        Assert.Equal(CliDone.Value, result);
        Assert.Equal(new[] { "set server mybackend1/web1 state maint" }, server.Commands.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MultiLineAnswer_FramedAtFirstBlankLine(bool synchronous)
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(seg => seg == "show backend" ? "# name\nbe1\nbe2" : FakeHaproxyServer.DefaultAnswer(seg)));
        using var session = await ConnectAsync(server);

        var reply = await Run(synchronous, session, HaproxyRequests.Raw("show backend"));
        Assert.Null(reply.Severity);
        Assert.Equal(new[] { "# name", "be1", "be2" }, reply.Lines);

        var next = await Run(synchronous, session, HaproxyRequests.Raw("echo next"));
        Assert.Equal(new[] { "next" }, next.Lines);
        Assert.Equal(6, next.Severity);
        Assert.Equal(0, session.Reconnects);
        Assert.Equal(1, server.Handshakes);
    }

    [Fact]
    public async Task AnswerSplitByteByByte_StillFramed()
    {
        using var server = FakeHaproxyServer.StartTcp();
        server.HandshakeByteByByte = true;
        server.OnLine = (conn, line) => line switch
        {
            "show backend" => conn.SendByteByByteAsync("# name\nbe1\ncafé €\n\n"),
            "set server b/s state ready" => conn.SendByteByByteAsync("\n"),
            _ => conn.SendByteByByteAsync(FakeHaproxyServer.Answer(FakeHaproxyServer.DefaultAnswer(line))),
        };
        using var session = await ConnectAsync(server);

        var reply = await Run(session, HaproxyRequests.Raw("show backend"));
        Assert.Equal(new[] { "# name", "be1", "café €" }, reply.Lines);
        Assert.Equal(CliDone.Value, await Run(session, HaproxyRequests.SetServerState("b", "s", HaproxyServerState.Ready)));
        Assert.Equal("3.4.7-1", await Run(session, HaproxyRequests.ShowVersion()));
        Assert.Equal(0, session.Reconnects);
    }

    [Fact]
    public async Task BackToBackCommands_EachGetTheirOwnAnswer()
    {
        using var server = FakeHaproxyServer.StartTcp();
        using var session = await ConnectAsync(server);
        for (int i = 0; i < 20; i++)
        {
            var r = await Run(session, HaproxyRequests.Raw("echo n" + i));
            Assert.Equal("n" + i, r.FirstLine);
        }
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "echo n" + i), server.Commands.ToArray());
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task PreludeCommandPostlude_ThreeAnswers_CommandAnswerInterpreted()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(seg => seg switch
        {
            "experimental-mode on" => "",
            "experimental-mode off" => "",
            "add backend b1 from d1" => "[6]: New backend registered.",
            "add backend dup from d1" => "[3]: Error during backend creation : name is already used by other proxy 'backend dup'.",
            _ => FakeHaproxyServer.DefaultAnswer(seg),
        }));
        using var session = await ConnectAsync(server);

        Assert.Equal(CliDone.Value, await Run(session, HaproxyRequests.AddBackend("b1", "d1")));
        Assert.Equal(new[] { "experimental-mode on;add backend b1 from d1;experimental-mode off" }, server.Commands.ToArray());

        var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Run(session, HaproxyRequests.AddBackend("dup", "d1")));
        Assert.Equal(HaproxyErrorKind.AlreadyExists, ex.Kind);
        Assert.Equal("experimental-mode on;add backend dup from d1;experimental-mode off", ex.CommandLine);
        Assert.Equal("[3]: Error during backend creation : name is already used by other proxy 'backend dup'.", ex.Response);

        // The postlude's answer was consumed: the next command reads its own answer on the same connection.
        Assert.Equal("after", (await Run(session, HaproxyRequests.Raw("echo after"))).FirstLine);
        Assert.Equal(0, session.Reconnects);
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task Wait_PreludeAndDone()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(seg => seg switch
        {
            "set timeout cli 12s" => "",
            "wait 2000ms srv-removable b/s" => "[6]: Done.",
            _ => FakeHaproxyServer.DefaultAnswer(seg),
        }));
        using var session = await ConnectAsync(server);
        Assert.Equal(CliDone.Value, await Run(session, HaproxyRequests.WaitServerRemovable("b", "s", TimeSpan.FromSeconds(2))));
        Assert.Equal(new[] { "set timeout cli 12s;wait 2000ms srv-removable b/s" }, server.Commands.ToArray());
    }

    [Fact]
    public async Task Wait_PreludeFailure_IsReported()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(seg => seg.StartsWith("set timeout cli", StringComparison.Ordinal) ? "[3]: Invalid timeout value." : "[6]: Done."));
        using var session = await ConnectAsync(server);
        var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Run(session, HaproxyRequests.WaitBackendRemovable("b", TimeSpan.FromSeconds(1))));
        Assert.Equal(HaproxyErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal("[3]: Invalid timeout value.", ex.Response);
    }

    [Fact]
    public async Task Wait_FailedAnswer_IsClassified()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(seg => seg.StartsWith("set timeout cli", StringComparison.Ordinal) ? "" : "[3]: Failed. No such server."));
        using var session = await ConnectAsync(server);
        var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Run(session, HaproxyRequests.WaitServerRemovable("b", "nosrv", TimeSpan.FromMilliseconds(100))));
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
    }

    [Fact]
    public async Task TypedResults_AreStampedWithTheSession()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(seg => seg switch
        {
            "show servers state mybackend1" => ServersStateParserTests.ServersState,
            "show servers state nobe" => "[3]: Can't find backend.",
            "show info" => FakeHaproxyServer.InfoBody(123),
            _ => FakeHaproxyServer.DefaultAnswer(seg),
        }));
        using var session = await ConnectAsync(server);

        var servers = await Run(session, HaproxyRequests.GetServers("mybackend1"));
        Assert.Equal(new[] { "web2", "web1" }, servers.Select(s => s.Name));
        Assert.All(servers, s => Assert.Same(session, s.GetSession()));
        Assert.Equal(18081, servers[0].CheckPort);

        var info = await Run(session, HaproxyRequests.ShowInfo());
        Assert.Same(session, info.GetSession());
        Assert.Equal(123, info.ProcessId);

        var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Run(session, HaproxyRequests.GetServers("nobe")));
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
    }

    /// <summary>The synchronous form, called from a dedicated (non-pool) thread like a PowerShell pipeline thread.</summary>
    [Fact]
    public async Task SynchronousExecute_FromDedicatedThread()
    {
        using var server = FakeHaproxyServer.StartTcp();
        using var session = await ConnectAsync(server);
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try { done.SetResult(session.Execute(HaproxyRequests.Raw("echo sync")).FirstLine); }
            catch (Exception e) { done.SetException(e); }
        }) { IsBackground = true };
        thread.Start();
        Assert.Equal("sync", await done.Task.WaitAsync(TimeSpan.FromMilliseconds(DefaultBoundMs)));
        var error = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread2 = new Thread(() =>
        {
            try { session.Execute(HaproxyRequests.Raw("nonsense")); error.SetResult(null); }
            catch (Exception e) { error.SetResult(e); }
        }) { IsBackground = true };
        thread2.Start();
        var thrown = await error.Task.WaitAsync(TimeSpan.FromMilliseconds(DefaultBoundMs));
        Assert.Equal(HaproxyErrorKind.InvalidArgument, Assert.IsType<HaproxyCommandException>(thrown).Kind);
    }

    [Fact]
    public async Task UnknownCommand_WithInfoSeverity_IsError()
    {
        using var server = FakeHaproxyServer.StartTcp();
        using var session = await ConnectAsync(server);
        var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Run(session, HaproxyRequests.Raw("frobnicate")));
        Assert.Equal(HaproxyErrorKind.InvalidArgument, ex.Kind);
        Assert.StartsWith("[6]: Unknown command: 'frobnicate'", ex.Response);
    }

    [Fact]
    public async Task UnsolicitedBytesAfterAnswer_NextCommandGetsItsOwnAnswer()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.ForLine("echo one", conn => conn.SendAsync("[6]: one\n\n[6]: garbage\n\n")));
        using var session = await ConnectAsync(server);
        Assert.Equal("one", (await Run(session, HaproxyRequests.Raw("echo one"))).FirstLine);
        await Task.Delay(100);
        Assert.Equal("two", (await Run(session, HaproxyRequests.Raw("echo two"))).FirstLine);
        Assert.Equal(2, server.Handshakes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LargeAnswer_5MB_ManyLines(bool synchronous)
    {
        const int count = 50_000;
        var sb = new StringBuilder(count * 104);
        for (int i = 0; i < count; i++) sb.Append("row-").Append(i.ToString("D6")).Append(',').Append('x', 89).Append('\n');
        sb.Append('\n');
        string payload = sb.ToString();
        Assert.True(payload.Length > 5_000_000);

        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.ForLine("show stat", conn => conn.SendAsync(payload)));
        using var session = await ConnectAsync(server, Options(commandMs: 4000));

        var reply = await Run(synchronous, session, HaproxyRequests.Raw("show stat"));
        Assert.Equal(count, reply.Lines.Count);
        Assert.Equal("row-000000," + new string('x', 89), reply.Lines[0]);
        Assert.Equal("row-049999," + new string('x', 89), reply.Lines[count - 1]);
        Assert.Equal("row-031337," + new string('x', 89), reply.Lines[31337]);
        Assert.Equal("after", (await Run(synchronous, session, HaproxyRequests.Raw("echo after"))).FirstLine);
        Assert.Equal(0, session.Reconnects);
    }

    [Fact]
    public async Task LargeAnswer_5MB_SingleLine()
    {
        string big = new string('j', 5 * 1024 * 1024 + 7);
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.ForLine("show stat json", conn => conn.SendAsync(big + "\n\n")));
        using var session = await ConnectAsync(server, Options(commandMs: 4000));

        var reply = await Run(session, HaproxyRequests.Raw("show stat json"));
        Assert.Single(reply.Lines);
        Assert.Equal(big.Length, reply.Lines[0].Length);
        Assert.True(reply.Lines[0] == big);
        Assert.Equal("after", (await Run(session, HaproxyRequests.Raw("echo after"))).FirstLine);
    }

    [Fact]
    public async Task InvalidUtf8_DoesNotThrow()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.ForLine("show map m", conn =>
        {
            var bytes = new List<byte>();
            bytes.AddRange(Encoding.ASCII.GetBytes("0x1 k "));
            bytes.AddRange(new byte[] { 0xFF, 0xFE, 0xC3 });
            bytes.AddRange(Encoding.ASCII.GetBytes(" end\n0x2 k2 v"));
            bytes.AddRange(new byte[] { 0xE2, 0x82 });
            bytes.AddRange(Encoding.ASCII.GetBytes("\n\n"));
            return conn.SendAsync(bytes.ToArray());
        }));
        using var session = await ConnectAsync(server);

        var reply = await Run(session, HaproxyRequests.Raw("show map m"));
        Assert.Equal(2, reply.Lines.Count);
        Assert.Equal("0x1 k \uFFFD\uFFFD\uFFFD end", reply.Lines[0]);
        Assert.Equal("0x2 k2 v\uFFFD", reply.Lines[1]);

        var entries = await Run(session, HaproxyRequests.GetMapEntries("m"));
        Assert.Equal(2, entries.Count);
        Assert.Equal("k2", entries[1].Key);
        Assert.Equal("after", (await Run(session, HaproxyRequests.Raw("echo after"))).FirstLine);
    }

    // ---- line length ----------------------------------------------------------------------------------------

    [Fact]
    public async Task OverlongLine_RefusedBeforeSending()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(seg => seg.StartsWith("add map", StringComparison.Ordinal) ? "" : FakeHaproxyServer.DefaultAnswer(seg)));
        using var session = await ConnectAsync(server);

        var tooLong = HaproxyRequests.AddMapEntry("m", new string('k', 8000), new string('v', 8000));
        Assert.True(Encoding.UTF8.GetByteCount(tooLong.Line) >= HaproxySession.MaxLineBytes);
        var ex = await Assert.ThrowsAsync<HaproxyArgumentException>(() => Run(session, tooLong));
        Assert.Equal("Command", ex.ParameterName);
        Assert.Contains("Nothing was sent", ex.Message);

        // Counted in UTF-8 bytes, not characters: 8005 characters, 16005 bytes.
        var multiByte = HaproxyRequests.Raw("echo " + new string('é', 8000));
        await Assert.ThrowsAsync<HaproxyArgumentException>(() => Run(session, multiByte));

        await Task.Delay(150);
        Assert.Empty(server.Commands);
        Assert.Equal(FakeHaproxyServer.HandshakeText.Length, server.BytesReceived);

        // A long line under the limit is sent intact, and the session is still in step.
        var fits = HaproxyRequests.AddMapEntry("m", new string('k', 7000), "a b;c");
        Assert.Equal(CliDone.Value, await Run(session, fits));
        Assert.Equal(new[] { fits.Line }, server.Commands.ToArray());
        Assert.Equal(0, session.Reconnects);
        Assert.Equal(16000, HaproxySession.MaxLineBytes);
    }

    // ---- faults ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task ServerClosesMidAnswer_OnRead_IsTruncatedProtocolError()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.OnFirstConnection(
            (conn, _) => conn.SendThenDropAsync("# pxname,svname,status,\nmybackend1,BACK", 50), "show stat"));
        server.Info = c => FakeHaproxyServer.InfoWithPid(100 + c.Index);
        using var session = await ConnectAsync(server);

        var ex = await Assert.ThrowsAsync<HaproxyProtocolException>(() => Run(session, HaproxyRequests.Raw("show stat")));
        Assert.Contains("truncated", ex.Message);
        Assert.Contains("mybackend1,BACK", ex.Message);
        Assert.Equal("show stat", ex.CommandLine);
        Assert.Equal(HaproxyErrorKind.UnexpectedResponse, ex.Kind);

        await Task.Delay(100);
        Assert.Equal(1, server.CountCommand("show stat")); // not retried: part of an answer had arrived
        Assert.Equal(1, server.Handshakes);

        // The session recovers on a fresh connection.
        Assert.Equal("again", (await Run(session, HaproxyRequests.Raw("echo again"))).FirstLine);
        Assert.Equal(102, session.ProcessId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ServerClosesMidAnswer_OnTypedRead_NeverSuccess(bool synchronous)
    {
        // the whole header and one full row, but no terminating blank line
        using var server = FakeHaproxyServer.StartTcp((conn, line) =>
            conn.SendThenDropAsync(ServersStateParserTests.ServersState.Substring(0, ServersStateParserTests.ServersState.LastIndexOf('\n') + 1), 50));
        using var session = await ConnectAsync(server);
        await Assert.ThrowsAsync<HaproxyProtocolException>(() => Run(synchronous, session, HaproxyRequests.GetServers()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // a TCP reset instead of a clean close
    public async Task ServerClosesBeforeAnsweringWrite_OutcomeUnknown_NeverResent(bool reset)
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.DropsFirstConnection(reset));
        using var session = await ConnectAsync(server);

        var command = HaproxyRequests.SetServerState("mybackend1", "web1", HaproxyServerState.Drain);
        var ex = await Assert.ThrowsAsync<HaproxyOutcomeUnknownException>(() => Run(session, command));
        Assert.Equal("set server mybackend1/web1 state drain", ex.CommandLine);
        Assert.Contains("may or may not have been applied", ex.Message);
        Assert.NotNull(ex.InnerException);

        await Task.Delay(200);
        Assert.Equal(1, server.CountCommand("set server mybackend1/web1 state drain"));
        Assert.Equal(1, server.Accepted);
        Assert.Equal(1, server.Handshakes);

        // The session itself is still usable; the write is still not resent.
        Assert.Equal("next", (await Run(session, HaproxyRequests.Raw("echo next"))).FirstLine);
        Assert.Equal(1, server.CountCommand("set server mybackend1/web1 state drain"));
        Assert.Equal(2, server.Handshakes);
    }

    [Fact]
    public async Task ServerClosesBeforeAnsweringMultiSegmentWrite_OutcomeUnknown()
    {
        using var server = FakeHaproxyServer.StartTcp((conn, line) => conn.SendThenDropAsync("\n", 50)); // the prelude's answer only
        using var session = await ConnectAsync(server);
        await Assert.ThrowsAsync<HaproxyOutcomeUnknownException>(() => Run(session, HaproxyRequests.RemoveBackend("dynbe")));
        await Task.Delay(100);
        Assert.Equal(1, server.CountCommand("experimental-mode on;del backend dynbe;experimental-mode off"));
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task ServerClosesAfterPreludeOfRead_NotRetried_NotSuccess()
    {
        using var server = FakeHaproxyServer.StartTcp((conn, line) => conn.SendThenDropAsync("\n", 50));
        using var session = await ConnectAsync(server);
        var ex = await Assert.ThrowsAnyAsync<HaproxyException>(() => Run(session, HaproxyRequests.WaitBackendRemovable("b", TimeSpan.FromMilliseconds(100))));
        Assert.IsNotType<HaproxyCommandException>(ex);
        await Task.Delay(100);
        Assert.Equal(1, server.Accepted);
        Assert.Single(server.Commands);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task IdleConnectionClosedByServer_ReadReconnectsTransparently(bool synchronous)
    {
        using var server = FakeHaproxyServer.StartTcp();
        server.Info = c => FakeHaproxyServer.InfoWithPid(100 + c.Index);
        using var session = await ConnectAsync(server);
        Assert.Equal(101, session.ProcessId);

        server.CloseAllConnections(); // HAProxy's idle timeout
        await Task.Delay(200);

        Assert.Equal("3.4.7-1", await Run(synchronous, session, HaproxyRequests.ShowVersion()));
        Assert.Equal(1, session.Reconnects);
        Assert.Equal(2, server.Handshakes);
        Assert.Equal(2, server.Accepted);
        Assert.Equal(102, session.ProcessId); // learned again on reconnect
        Assert.Equal(1, server.CountCommand("show version"));
        Assert.True(session.IsConnected);
    }

    [Fact]
    public async Task IdleConnectionClosedByServer_WriteReconnectsBeforeSending()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(_ => ""));
        using var session = await ConnectAsync(server);

        server.CloseAllConnections();
        await Task.Delay(200);

        Assert.Equal(CliDone.Value, await Run(session, HaproxyRequests.EnableServer("b", "s")));
        Assert.Equal(1, session.Reconnects);
        Assert.Equal(1, server.CountCommand("enable server b/s"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // a TCP reset instead of a clean close
    public async Task ReadClosedBeforeAnyAnswerByte_RetriedOnceOnFreshConnection(bool reset)
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.DropsFirstConnection(reset));
        using var session = await ConnectAsync(server);

        Assert.Equal("3.4.7-1", await Run(session, HaproxyRequests.ShowVersion()));
        Assert.Equal(2, server.CountCommand("show version"));
        Assert.Equal(2, server.Handshakes);
        Assert.Equal("next", (await Run(session, HaproxyRequests.Raw("echo next"))).FirstLine);
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task ReadClosedBeforeAnyAnswerByte_CountsReconnect()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.DropsFirstConnection());
        using var session = await ConnectAsync(server);
        Assert.Equal("3.4.7-1", await Run(session, HaproxyRequests.ShowVersion()));
        Assert.Equal(1, session.Reconnects);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadClosedTwice_GivesUpAfterOneRetry(bool synchronous)
    {
        using var server = FakeHaproxyServer.StartTcp((conn, line) => { conn.Close(); return Task.CompletedTask; });
        using var session = await ConnectAsync(server);
        var ex = await Assert.ThrowsAsync<HaproxyConnectionException>(() => Run(synchronous, session, HaproxyRequests.ShowVersion()));
        Assert.Equal("show version", ex.CommandLine);
        Assert.Equal(2, server.CountCommand("show version"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StalledServer_TimesOut_ThenSessionUsableWithoutStaleTail(bool synchronous)
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.OnFirstConnection(async (conn, _) =>
        {
            await conn.StallAsync(1500);
            await conn.SendAsync("[6]: stale\n\n"); // the connection is gone by now
        }));
        using var session = await ConnectAsync(server, Options(commandMs: 500));

        var sw = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<HaproxyTimeoutException>(() => Run(synchronous, session, HaproxyRequests.Raw("echo fresh")));
        sw.Stop();
        Assert.True(sw.ElapsedMilliseconds >= 400, $"returned after {sw.ElapsedMilliseconds} ms");
        Assert.True(sw.ElapsedMilliseconds < 2500, $"took {sw.ElapsedMilliseconds} ms");
        Assert.Equal(HaproxyErrorKind.Timeout, ex.Kind);
        Assert.Equal("echo fresh", ex.CommandLine);

        var reply = await Run(synchronous, session, HaproxyRequests.Raw("echo fresh"));
        Assert.Equal(new[] { "fresh" }, reply.Lines);
        Assert.Equal(2, server.Handshakes);

        // Still clean after the stale answer's time has passed.
        await Task.Delay(1200);
        Assert.Equal("third", (await Run(synchronous, session, HaproxyRequests.Raw("echo third"))).FirstLine);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StalledServer_OnWrite_IsOutcomeUnknownWithTimeoutInside(bool synchronous)
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.StallsFirstConnection(3000));
        using var session = await ConnectAsync(server, Options(commandMs: 500));

        var sw = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<HaproxyOutcomeUnknownException>(() => Run(synchronous, session, HaproxyRequests.DisableServer("b", "s")));
        Assert.True(sw.ElapsedMilliseconds < 2500, $"took {sw.ElapsedMilliseconds} ms");
        Assert.IsType<HaproxyTimeoutException>(ex.InnerException);
        Assert.Equal(1, server.CountCommand("disable server b/s"));
        Assert.Equal("ok", (await Run(synchronous, session, HaproxyRequests.Raw("echo ok"))).FirstLine);
        Assert.Equal(1, server.CountCommand("disable server b/s"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancellation_DuringStalledRead_ThenSessionUsable(bool synchronous)
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.StallsFirstConnection(3000));
        using var session = await ConnectAsync(server, Options(commandMs: 4000));

        using var cts = new CancellationTokenSource(300);
        var sw = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(synchronous, session, HaproxyRequests.Raw("echo x"), cts.Token));
        sw.Stop();
        Assert.True(sw.ElapsedMilliseconds < 2000, $"took {sw.ElapsedMilliseconds} ms");

        Assert.Equal("y", (await Run(synchronous, session, HaproxyRequests.Raw("echo y"))).FirstLine);
        Assert.Equal(2, server.Handshakes);
    }

    [Fact]
    public async Task AlreadyCancelledToken_SendsNothing()
    {
        using var server = FakeHaproxyServer.StartTcp();
        using var session = await ConnectAsync(server);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Run(session, HaproxyRequests.Raw("echo x"), cts.Token));
        await Task.Delay(100);
        Assert.Empty(server.Commands);
        Assert.Equal("z", (await Run(session, HaproxyRequests.Raw("echo z"))).FirstLine);
        Assert.Equal(1, server.Handshakes);
    }

    [Fact]
    public async Task DisposedSession_RefusesCommands()
    {
        using var server = FakeHaproxyServer.StartTcp();
        var session = await ConnectAsync(server);
        session.Dispose();
        session.Dispose();
        Assert.True(session.IsClosed);
        Assert.False(session.IsConnected);
        await Assert.ThrowsAsync<HaproxyConnectionException>(() => Run(session, HaproxyRequests.Raw("echo x")));
        Assert.Empty(server.Commands);
    }

    // ---- concurrency ----------------------------------------------------------------------------------------

    [Fact]
    public async Task Concurrency_8Threads200Commands_EachGetsItsOwnAnswer()
    {
        using var server = FakeHaproxyServer.StartTcp();
        using var session = await ConnectAsync(server, Options(commandMs: 5000));
        const int threads = 8, perThread = 200;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var tasks = Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            for (int i = 0; i < perThread; i++)
            {
                string expected = $"t{t}-{i}";
                var reply = await session.ExecuteAsync(HaproxyRequests.Raw("echo " + expected));
                if (reply.FirstLine != expected || reply.Lines.Count != 1) failures.Enqueue($"{expected} got '{reply.Text}'");
            }
        })).ToArray();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(failures);
        // Only the echoes: on a loaded machine the first command may come after the session's idle re-check period,
        // which adds one 'show info' (answered as a live worker, so no reconnect).
        Assert.Equal(threads * perThread, server.Commands.Count(c => c.StartsWith("echo ", StringComparison.Ordinal)));
        Assert.Equal(1, server.Accepted);
        Assert.Equal(0, session.Reconnects);
    }

    // ---- unix socket ----------------------------------------------------------------------------------------

    [Fact]
    public async Task UnixSocket_HandshakeAndRoundTrip()
    {
        using var server = FakeHaproxyServer.StartUnix();
        server.OnLine = FakeHaproxyServer.Segments(seg => seg switch
        {
            "show servers state" => ServersStateParserTests.ServersState,
            "add map virt@m a\\ b v" => "",
            _ => FakeHaproxyServer.DefaultAnswer(seg),
        });
        Assert.Equal(HaproxyEndpointKind.Unix, server.Endpoint.Kind);
        using var session = await ConnectAsync(server);
        Assert.Equal("3.4.7-1", session.Version);
        Assert.Equal(123, session.ProcessId);
        Assert.Equal("unix://" + server.Endpoint.Path, session.Name);

        Assert.Equal("3.4.7-1", await Run(session, HaproxyRequests.ShowVersion()));
        Assert.Equal(2, (await Run(session, HaproxyRequests.GetServers())).Count);
        Assert.Equal(CliDone.Value, await Run(session, HaproxyRequests.AddMapEntry("virt@m", "a b", "v")));
        Assert.Equal(new[] { "show version", "show servers state", "add map virt@m a\\ b v" }, server.Commands.ToArray());
    }

    [Fact]
    public async Task UnixSocket_IdleCloseReconnects()
    {
        using var server = FakeHaproxyServer.StartUnix();
        using var session = await ConnectAsync(server);
        server.CloseAllConnections();
        await Task.Delay(200);
        Assert.Equal("u", (await Run(session, HaproxyRequests.Raw("echo u"))).FirstLine);
        Assert.Equal(2, server.Handshakes);
    }
}
