using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using Xunit;
using static HaproxyRuntime.Client.Tests.TestHarness;

namespace HaproxyRuntime.Client.Tests;

/// <summary>
/// Issue #5: the faults a misbehaving Runtime API peer can inflict that <see cref="SessionFramingTests"/> does not
/// already cover — a partial handshake, TCP resets, 50 MB floods, slow delivery and a stall after half a line. Each
/// test checks the typed error, that it came within a bounded time, and the session's state afterwards.
/// </summary>
/// <remarks>The time bounds are generous on purpose: they exist to catch hangs, and this runs on a loaded 2-core
/// machine. Where a test needs "slow", the fake's pauses give a lower bound that load can only lengthen.</remarks>
public class FaultInjectionTests
{
    /// <summary>Added to a timeout for the upper bound of how long the error may take to surface.</summary>
    private const int Slack = 2500;

    /// <summary>The bound for <see cref="TestHarness.Run{T}(HaproxySession, CliRequest{T}, System.Threading.CancellationToken, int)"/>
    /// with room for a 50 MB answer on a loaded machine.</summary>
    private const int LongBoundMs = 25_000;

    // ---- 1. partial handshake -----------------------------------------------------------------------------------

    [Fact]
    public async Task Handshake_StallsMidInfoAnswer_TimesOutWithinConnectTimeout()
    {
        using var server = FakeHaproxyServer.StartTcpWithScriptedHandshake(async (conn, line) =>
        {
            if (line != "show info") { await FakeHaproxyServer.AnswerHandshakeOrNormally(conn, line); return; }
            await conn.SendThenStallAsync("Name: HAProxy\nVersion: 3.4.7-1\nPi", 5000); // half of the info, then silence
        });

        var ex = await ThrowsWithinAsync<HaproxyTimeoutException>(400, 500 + Slack, () => ConnectAsync(server, Options(connectMs: 500)));
        Assert.Equal(HaproxyErrorKind.Timeout, ex.Kind);
        Assert.Contains("did not answer the handshake", ex.Message);
    }

    [Fact]
    public async Task Handshake_ClosesMidInfoAnswer_IsConnectionError()
    {
        using var server = FakeHaproxyServer.StartTcpWithScriptedHandshake(async (conn, line) =>
        {
            if (line != "show info") { await FakeHaproxyServer.AnswerHandshakeOrNormally(conn, line); return; }
            await conn.SendAsync("Name: HAProxy\nVersion: 3.4.7-1\nPi");
            conn.Close();
        });

        // The close is seen at once, long before the 5 s ConnectTimeout.
        var ex = await ThrowsWithinAsync<HaproxyConnectionException>(0, Slack, () => ConnectAsync(server, Options(connectMs: 5000)));
        Assert.Contains("closed the connection during the handshake", ex.Message);
    }

    [Fact]
    public async Task Handshake_AWebServer_IsSaidToBeNoStatsSocket()
    {
        // What a web server does with "prompt i": a 400 answer, then it closes.
        using var server = FakeHaproxyServer.StartTcpWithScriptedHandshake(async (conn, line) =>
        {
            await conn.SendAsync("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            conn.Close();
        });
        var ex = await ThrowsWithinAsync<HaproxyProtocolException>(0, Slack, () => ConnectAsync(server, Options(connectMs: 5000)));
        Assert.Contains("is not a HAProxy stats socket: it answered the handshake with 'HTTP/1.1 400 Bad Request", ex.Message);
    }

    [Fact]
    public async Task Handshake_HalfAPModePrompt_TimesOutWithinConnectTimeout()
    {
        // A peer that answers in prompt mode and stops half-way through its "\n> " prompt.
        using var server = FakeHaproxyServer.StartTcpWithScriptedHandshake((conn, line) => conn.SendThenStallAsync("\n>", 5000));

        var ex = await ThrowsWithinAsync<HaproxyTimeoutException>(400, 500 + Slack, () => ConnectAsync(server, Options(connectMs: 500)));
        Assert.Equal(HaproxyErrorKind.Timeout, ex.Kind);
    }

    [Fact]
    public async Task Handshake_PeerInPModeAnsweringEveryLine_IsProtocolErrorAtOnce()
    {
        // Every answer ends with the p-mode prompt "\n> " instead of i mode's bare LF. The last prompt has no LF, so a
        // client that waits for all four answers before checking the first two would wait for the timeout instead.
        using var server = FakeHaproxyServer.StartTcpWithScriptedHandshake((conn, line) =>
            conn.SendAsync(line == "show info" ? FakeHaproxyServer.DefaultInfo + "> " : "\n> "));

        // Well before the 3 s ConnectTimeout.
        var ex = await ThrowsWithinAsync<HaproxyProtocolException>(0, 2000, () => ConnectAsync(server, Options(connectMs: 3000)));
        Assert.Contains("did not accept the interactive-mode handshake", ex.Message);
    }

    [Fact]
    public async Task Reconnect_HandshakeStallsMidInfo_WriteNeverSent_TimeoutThenSessionUsable()
    {
        using var server = FakeHaproxyServer.StartTcpWithScriptedHandshake(async (conn, line) =>
        {
            if (conn.Index == 2 && line == "show info") { await conn.SendThenStallAsync("Name: HAProxy\nVers", 5000); return; }
            if (line == "disable server b/s") { await conn.SendAsync("\n"); return; }
            await FakeHaproxyServer.AnswerHandshakeOrNormally(conn, line);
        });
        using var session = await ConnectAsync(server, Options(commandMs: 3000, connectMs: 500));
        server.CloseAllConnections(); // idle close: the next command must reconnect, and that handshake stalls
        await Task.Delay(200);

        // A plain timeout, not OutcomeUnknown: the write waits for a working connection and was never sent. It comes
        // after the ConnectTimeout (0.5 s), not the CommandTimeout (3 s).
        var ex = await ThrowsWithinAsync<HaproxyTimeoutException>(400, 500 + Slack,
            () => Run(session, HaproxyRequests.DisableServer("b", "s")));
        Assert.Contains("did not answer the handshake", ex.Message);
        Assert.Equal(0, server.CountCommand("disable server b/s"));
        Assert.False(session.IsConnected);
        Assert.False(session.IsClosed);

        Assert.Equal(CliDone.Value, await Run(session, HaproxyRequests.DisableServer("b", "s")));
        Assert.Equal(1, server.CountCommand("disable server b/s"));
        Assert.Equal(3, server.Accepted);
    }

    // ---- 2. connection reset (RST) ------------------------------------------------------------------------------
    // A reset before any answer byte, on a read and on a write, runs as a variant of the close tests in
    // SessionFramingTests (ReadClosedBeforeAnyAnswerByte_RetriedOnceOnFreshConnection, ServerClosesBeforeAnsweringWrite_*).

    [Fact]
    public async Task Reset_MidAnswerOfRead_NeverSuccess_NotRetried()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.OnFirstConnection(
            (conn, _) => conn.SendThenDropAsync("# pxname,svname,status,\nmybackend1,BACK", 100, reset: true), "show stat"));
        using var session = await ConnectAsync(server);

        var ex = await WithinAsync(0, Slack,
            () => Assert.ThrowsAnyAsync<HaproxyException>(() => Run(session, HaproxyRequests.Raw("show stat"))));
        Assert.True(ex is HaproxyProtocolException || ex is HaproxyConnectionException, ex.GetType().Name + ": " + ex.Message);
        Assert.Equal("show stat", ex.CommandLine);
        Assert.False(session.IsConnected);

        await Task.Delay(100);
        Assert.Equal(1, server.CountCommand("show stat")); // part of the answer had arrived: not repeated
        Assert.Equal("after", (await Run(session, HaproxyRequests.Raw("echo after"))).FirstLine);
        Assert.Equal(2, server.Handshakes);
    }

    [Fact]
    public async Task Reset_DuringPipelinedBatch_AnsweredKeepOutcomes_RestUnknownOrNotSent_NothingResent()
    {
        const int answeredBeforeReset = 150;
        var segments = new ConcurrentQueue<string>();
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.OnFirstConnection(FakeHaproxyServer.DiesAfterAnswers(answeredBeforeReset,
            segment => segment.StartsWith("add map ", StringComparison.Ordinal) ? "" : FakeHaproxyServer.DefaultAnswer(segment),
            segments, reset: true)));
        using var session = await ConnectAsync(server, Options(commandMs: 5000));
        // Reads and writes interleaved, and enough of them (about 1.5 MB) that the writer is typically still writing
        // when the reset arrives.
        var commands = Enumerable.Range(0, 50_000)
            .Select(i => i % 2 == 0 ? HaproxyRequests.Raw("echo r" + i) : HaproxyRequests.Raw($"add map virt@paths.map k{i} v"))
            .ToList();

        var outcomes = await WithinAsync(0, 5000 + Slack, () => RunMany(session, commands, boundMs: 15_000));

        var received = segments.ToHashSet();
        for (int i = 0; i < answeredBeforeReset; i++)
        {
            Assert.True(outcomes[i].Succeeded, $"#{i}: {outcomes[i].Error?.Message}");
            if (i % 2 == 0) Assert.Equal("r" + i, outcomes[i].Result.FirstLine); // each answer matched to its own command
        }
        for (int i = answeredBeforeReset; i < commands.Count; i++)
        {
            var error = outcomes[i].Error;
            Assert.False(outcomes[i].Succeeded, $"#{i} reported success after the reset");
            bool saysNotSent = error is HaproxyConnectionException && error.Message.Contains("was not sent");
            if (saysNotSent) Assert.DoesNotContain(commands[i].Line, received); // "not sent" must be true
            else if (commands[i].IsWrite) Assert.IsType<HaproxyOutcomeUnknownException>(error);
            else Assert.IsType<HaproxyConnectionException>(error);
        }
        Assert.All(segments.GroupBy(s => s), g => Assert.Single(g)); // nothing reached the server twice

        Assert.Equal("3.4.7-1", await Run(session, HaproxyRequests.ShowVersion()));
        Assert.Equal(2, server.Handshakes);
    }

    // ---- 3. floods of 50 MB -------------------------------------------------------------------------------------

    private const int FloodBytes = 50 * 1024 * 1024;

    /// <summary>50 MB of distinct CSV-like lines of varying length, each ending in LF, with no terminating blank line.
    /// Built once and shared by the flood tests.</summary>
    private static readonly Lazy<(byte[] Body, int LineCount)> Flood = new Lazy<(byte[], int)>(() =>
    {
        var body = new byte[FloodBytes + 256];
        int length = 0, lines = 0;
        while (length < FloodBytes)
        {
            string prefix = $"row-{lines:D7},{lines * 7919 % 100003},";
            length += Encoding.ASCII.GetBytes(prefix, 0, prefix.Length, body, length);
            int filler = 20 + lines * 31 % 120;
            body.AsSpan(length, filler).Fill((byte)('a' + lines % 26));
            length += filler;
            body[length++] = (byte)'\n';
            lines++;
        }
        Array.Resize(ref body, length);
        return (body, lines);
    });

    private static string Sha256Hex(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>Hash of the lines as they would have been on the wire, so it equals the hash of the flood's body.</summary>
    private static string Sha256HexOfLines(CliReply reply)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[4096];
        foreach (var line in reply.Lines)
        {
            int n = Encoding.ASCII.GetBytes(line, 0, line.Length, buffer, 0);
            buffer[n] = (byte)'\n';
            hash.AppendData(buffer, 0, n + 1);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>A fake that answers "show stat" on its first connection with the flood, then does
    /// <paramref name="afterFlood"/>; anything else it answers normally.</summary>
    private static FakeHaproxyServer StartFlooding(Func<FakeConnection, Task> afterFlood) =>
        FakeHaproxyServer.StartTcp(FakeHaproxyServer.OnFirstConnection(async (conn, _) =>
        {
            await conn.SendAsync(Flood.Value.Body);
            await afterFlood(conn);
        }, "show stat"));

    [Fact]
    public async Task Flood_50MB_WellFramed_ReturnedCompleteAndExact()
    {
        var (body, lineCount) = Flood.Value;
        using var server = StartFlooding(conn => conn.SendAsync("\n"));
        using var session = await ConnectAsync(server, Options(commandMs: 20_000));

        var reply = await WithinAsync(0, 20_000, () => Run(session, HaproxyRequests.Raw("show stat"), boundMs: LongBoundMs));

        Assert.Equal(lineCount, reply.Lines.Count);
        Assert.Equal(Sha256Hex(body), Sha256HexOfLines(reply));
        Assert.Equal("after", (await Run(session, HaproxyRequests.Raw("echo after"))).FirstLine);
        Assert.Equal(0, session.Reconnects);
    }

    [Fact]
    public async Task Flood_50MB_WithoutTerminator_ThenStall_TimesOut()
    {
        bool floodDelivered = false;
        using var server = StartFlooding(conn =>
        {
            Volatile.Write(ref floodDelivered, true);
            return conn.StallAsync(30_000);
        });
        const int commandMs = 4000;
        using var session = await ConnectAsync(server, Options(commandMs: commandMs));

        var ex = await ThrowsWithinAsync<HaproxyTimeoutException>(commandMs - 100, commandMs + Slack,
            () => Run(session, HaproxyRequests.Raw("show stat"), boundMs: LongBoundMs));
        Assert.Equal("show stat", ex.CommandLine);
        // The premise: the fake had handed all 50 MB to the socket before the client gave up (not a timeout mid-flood).
        Assert.True(Volatile.Read(ref floodDelivered), "the client timed out before the whole flood was delivered");
        Assert.Equal(1, server.CountCommand("show stat"));

        Assert.Equal("after", (await Run(session, HaproxyRequests.Raw("echo after"))).FirstLine);
        Assert.Equal(2, server.Handshakes);
    }

    [Fact]
    public async Task Flood_50MB_ThenClose_IsTruncatedError_WithABoundedMessage()
    {
        using var server = StartFlooding(conn =>
        {
            conn.Close();
            return Task.CompletedTask;
        });
        using var session = await ConnectAsync(server, Options(commandMs: 20_000));

        var ex = await ThrowsWithinAsync<HaproxyProtocolException>(0, 20_000, () => Run(session, HaproxyRequests.Raw("show stat"), boundMs: LongBoundMs));
        Assert.Contains("truncated", ex.Message);
        Assert.Contains("row-0000000,", ex.Message); // the start of what arrived, for diagnosis
        Assert.True(ex.Message.Length < 1000, $"the error message holds {ex.Message.Length} characters");
        Assert.Equal(1, server.CountCommand("show stat"));

        Assert.Equal("after", (await Run(session, HaproxyRequests.Raw("echo after"))).FirstLine);
        Assert.Equal(2, server.Handshakes);
    }

    // ---- 4. slow delivery and what CommandTimeout measures ----------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SlowAnswer_OneByteEveryMillisecond_FramedCorrectly(bool synchronous)
    {
        string[] expected = Enumerable.Range(0, 12).Select(i => $"be{i},srv{i},UP,café-€-{i}").Append("# end").ToArray();
        byte[] wire = Encoding.UTF8.GetBytes(string.Join("\n", expected) + "\n\n");
        Assert.True(wire.Length > 300);
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.ForLine("show stat", conn => conn.SendSlowlyAsync(wire, 1, 1)));
        using var session = await ConnectAsync(server, Options(commandMs: 15_000));

        // At least 1 ms per byte: it really came slowly.
        var reply = await WithinAsync(wire.Length, 15_000, () => Run(synchronous, session, HaproxyRequests.Raw("show stat"), boundMs: LongBoundMs));

        Assert.Equal(expected, reply.Lines);
        Assert.Equal("after", (await Run(synchronous, session, HaproxyRequests.Raw("echo after"))).FirstLine);
        Assert.Equal(1, server.Accepted);
    }

    /// <summary>For one command, CommandTimeout is a deadline for the whole answer: bytes that keep trickling in do not
    /// extend it (a peer sending one byte a second must not hold the caller forever).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SingleCommand_TimeoutIsAWholeAnswerDeadline_EvenWhileBytesKeepArriving(bool synchronous)
    {
        // 40 lines sent 10 bytes every 50 ms: at least 2.4 s in all, with never more than ~50 ms between bytes.
        byte[] wire = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 40).Select(i => $"line-{i:D8}\n")) + "\n");
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.OnFirstConnection((conn, _) => conn.SendSlowlyAsync(wire, 10, 50), "show stat"));
        const int commandMs = 700;
        using var session = await ConnectAsync(server, Options(commandMs: commandMs));

        var ex = await ThrowsWithinAsync<HaproxyTimeoutException>(commandMs - 100, commandMs + Slack,
            () => Run(synchronous, session, HaproxyRequests.Raw("show stat")));
        Assert.Equal("show stat", ex.CommandLine);

        Assert.Equal("after", (await Run(synchronous, session, HaproxyRequests.Raw("echo after"))).FirstLine);
        Assert.Equal(2, server.Handshakes);
    }

    /// <summary>For a batch, CommandTimeout bounds the wait for each next complete answer: the clock restarts with every
    /// answer, so a batch may run far longer than the timeout while answers keep coming — but an answer that trickles
    /// in byte by byte for longer than the timeout still times out (progress means whole answers, not bytes).</summary>
    [Fact]
    public async Task Batch_TimeoutRestartsWithEachAnswer_NotWithEachByte()
    {
        const int commandMs = 1000, quickAnswers = 8;
        // Measured on the fake's side, where the answers really are written: when the last quick answer was complete
        // and when the client gave up on the trickle (the fake's next write fails). Wall-clock bounds taken around the
        // whole call would also count the machine's scheduling delays, which made this test flaky on a loaded CI box.
        var clock = Stopwatch.StartNew();
        long lastQuickAnswerMs = -1, gaveUpMs = -1;
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.OnFirstConnection(async (conn, line) =>
        {
            foreach (var segment in FakeHaproxyServer.SplitSegments(line))
            {
                string text = segment.Substring("echo ".Length);
                // 2 bytes every 50 ms: each of the first eight answers (9 bytes) takes at least 200 ms; the last one
                // never ends (240 bytes without LF, 6 s).
                byte[] answer = Encoding.ASCII.GetBytes(text == "never" ? new string('z', 240) : $"[6]: {text}\n\n");
                try
                {
                    await conn.SendSlowlyAsync(answer, 2, 50);
                }
                catch (Exception) when (text == "never")
                {
                    Interlocked.Exchange(ref gaveUpMs, clock.ElapsedMilliseconds);
                    return;
                }
                if (text != "never") Interlocked.Exchange(ref lastQuickAnswerMs, clock.ElapsedMilliseconds);
            }
        }));
        using var session = await ConnectAsync(server, Options(commandMs: commandMs));
        var commands = Enumerable.Range(0, quickAnswers).Select(i => HaproxyRequests.Raw("echo b" + i))
            .Append(HaproxyRequests.Raw("echo never"))
            .ToList();

        long startMs = clock.ElapsedMilliseconds;
        var outcomes = await WithinAsync(0, quickAnswers * 200 + commandMs + 2 * Slack, () => RunMany(session, commands, boundMs: 15_000));

        // Every quick answer arrived, although together they took longer than one CommandTimeout: the clock restarted.
        for (int i = 0; i < quickAnswers; i++)
        {
            Assert.True(outcomes[i].Succeeded, $"#{i}: {outcomes[i].Error?.Message}");
            Assert.Equal("b" + i, outcomes[i].Result.FirstLine);
        }
        Assert.True(Interlocked.Read(ref lastQuickAnswerMs) - startMs >= quickAnswers * 200 - 50,
            $"the quick answers took {Interlocked.Read(ref lastQuickAnswerMs) - startMs} ms");
        var last = outcomes[quickAnswers];
        Assert.False(last.Succeeded);
        Assert.IsType<HaproxyTimeoutException>(last.Error!.InnerException);

        // The trickle, bytes arriving every 50 ms, still got no more than a full CommandTimeout of its own (less the
        // 50 ms granularity of the restart) — and no less. The fake notices the closed connection at its next write.
        Assert.True(await FakeHaproxyServer.WaitUntilAsync(() => Interlocked.Read(ref gaveUpMs) >= 0, 5000), "the fake never saw the connection closed");
        long trickleMs = Interlocked.Read(ref gaveUpMs) - Interlocked.Read(ref lastQuickAnswerMs);
        Assert.True(trickleMs >= commandMs - 100 && trickleMs < commandMs + Slack, $"the trickle was cut after {trickleMs} ms");

        Assert.Equal("after", (await Run(session, HaproxyRequests.Raw("echo after"))).FirstLine);
        Assert.Equal(2, server.Handshakes);
    }

    // ---- 5. a stall after half a line ---------------------------------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Read_StallAfterPartialLine_TimesOut_NextCommandHasNoStaleTail(bool synchronous)
    {
        bool tailSent = false;
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.OnFirstConnection(async (conn, _) =>
        {
            await conn.SendThenStallAsync("[6]: half a li", 900); // no LF, then nothing until well after the client's timeout
            Volatile.Write(ref tailSent, true);
            await conn.SendAsync("ne\n\n[6]: stale\n\n");
        }));
        const int commandMs = 500;
        using var session = await ConnectAsync(server, Options(commandMs: commandMs));

        var ex = await ThrowsWithinAsync<HaproxyTimeoutException>(commandMs - 100, commandMs + Slack,
            () => Run(synchronous, session, HaproxyRequests.Raw("echo first")));
        Assert.Equal(HaproxyErrorKind.Timeout, ex.Kind);
        Assert.Equal("echo first", ex.CommandLine);
        Assert.False(session.IsConnected); // cleanly dropped, not left half-read
        Assert.False(session.IsClosed);

        // Let the rest of the abandoned answer go out, so a client that kept the connection would now read it.
        Assert.True(await FakeHaproxyServer.WaitUntilAsync(() => Volatile.Read(ref tailSent)));
        await Task.Delay(50);
        var reply = await Run(session, HaproxyRequests.Raw("echo second"));
        Assert.Equal(new[] { "second" }, reply.Lines);
        Assert.Equal(1, server.CountCommand("echo first")); // a timed-out read is not repeated
        Assert.Equal(2, server.Handshakes);
    }
}
