using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;
using Xunit;
using static HaproxyRuntime.Client.Tests.TestHarness;

namespace HaproxyRuntime.Client.Tests;

/// <summary>The pipelined batch path (HaproxySession.ExecuteManyAsync): packing into ';'-joined lines under the line
/// limit, answers matched in order, per-command failures, and a connection lost mid-batch.</summary>
public class BatchTests
{
    private const int Bound = 10000;

    private static Task<HaproxySession> ConnectAsync(FakeHaproxyServer server) =>
        TestHarness.ConnectAsync(server, Options(commandMs: 3000, connectMs: 3000), Bound);

    [Fact]
    public async Task PacksMultiByteCommandsUnderTheLineLimit_AndEveryCommandArrivesWholeAndOnce()
    {
        using var server = FakeHaproxyServer.StartTcp();
        var lines = new ConcurrentQueue<string>();
        var answer = FakeHaproxyServer.Segments(_ => "");
        server.OnLine = (conn, line) =>
        {
            lines.Enqueue(line);
            return answer(conn, line);
        };
        using var session = await ConnectAsync(server);
        // Multi-byte keys and values with spaces and ';' make byte and char lengths differ, so a packer that counted
        // characters would overflow HAProxy's byte limit.
        var commands = Enumerable.Range(0, 3000)
            .Select(i => HaproxyRequests.AddMapEntry("virt@paths.map", $"ключ-日本-{i}-" + new string('é', i % 50), $"v {i};x"))
            .ToList();

        var outcomes = await RunMany(session, commands, Bound);

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error?.Message));
        Assert.True(lines.Count > 1, "the batch should span several lines");
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) < HaproxySession.MaxLineBytes, $"line of {Encoding.UTF8.GetByteCount(l)} bytes"));
        var received = lines.SelectMany(FakeHaproxyServer.SplitSegments).ToList();
        Assert.Equal(commands.Select(c => c.Line), received);
    }

    [Fact]
    public async Task ARefusedCommandFailsAlone_AndNothingAfterItIsDropped()
    {
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.Segments(s => s.Contains(" bad ") ? "[3]: Unknown map identifier. Please use #<id> or <file>." : ""));
        using var session = await ConnectAsync(server);
        var commands = Enumerable.Range(0, 500)
            .Select(i => HaproxyRequests.AddMapEntry("virt@paths.map", i == 250 ? "bad" : "k" + i, "v"))
            .ToList();

        var outcomes = await RunMany(session, commands, Bound);

        Assert.Equal(500, outcomes.Count);
        var failed = Assert.Single(outcomes, o => !o.Succeeded);
        Assert.Same(commands[250], failed.Command);
        Assert.Equal(HaproxyErrorKind.NotFound, failed.Error!.Kind);
        Assert.Equal(499, outcomes.Count(o => o.Succeeded));
    }

    [Fact]
    public async Task ConnectionLostMidBatch_AnsweredKeepTheirOutcome_RestAreUnknownOrNotSent_NothingResent()
    {
        var segments = new ConcurrentQueue<string>();
        // HAProxy killed or reloaded mid-batch, after 100 answers
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.DiesAfterAnswers(100, _ => "", segments));
        using var session = await ConnectAsync(server);
        var commands = Enumerable.Range(0, 2000).Select(i => HaproxyRequests.AddMapEntry("virt@paths.map", "k" + i, "v")).ToList();

        var outcomes = await RunMany(session, commands, Bound);

        Assert.All(outcomes.Take(100), o => Assert.True(o.Succeeded));
        Assert.All(outcomes.Skip(100), o =>
        {
            Assert.False(o.Succeeded);
            Assert.True(o.Error is HaproxyOutcomeUnknownException || o.Error is HaproxyConnectionException, o.Error!.GetType().Name);
        });
        // Never resent: each command reached the server at most once.
        var counts = segments.GroupBy(s => s).Select(g => g.Count());
        Assert.All(counts, c => Assert.Equal(1, c));

        // The session is usable again: the next command reconnects and gets its own clean answer.
        server.OnLine = FakeHaproxyServer.Segments(FakeHaproxyServer.DefaultAnswer);
        Assert.Equal("3.4.7-1", await Run(session, HaproxyRequests.ShowVersion(), boundMs: Bound));
    }

    [Fact]
    public async Task AnOversizeCommandIsRefusedBeforeAnythingIsSent()
    {
        using var server = FakeHaproxyServer.StartTcp();
        using var session = await ConnectAsync(server);
        var commands = new List<CliRequest<CliDone>>
        {
            HaproxyRequests.AddMapEntry("virt@paths.map", "a", "v"),
            HaproxyRequests.AddMapEntry("virt@paths.map", new string('k', 8000), new string('v', 8000)),
        };

        await Assert.ThrowsAsync<HaproxyArgumentException>(() => session.ExecuteManyAsync(commands));
        Assert.Throws<HaproxyArgumentException>(() => session.EnsureSendable(commands[1]));
        session.EnsureSendable(commands[0]);
        Assert.Empty(server.Commands);
    }
}
