using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;
using Xunit;
using static HaproxyRuntime.Client.Tests.TestHarness;

namespace HaproxyRuntime.Client.Tests;

/// <summary>Data answers parsed line by line as they arrive (<see cref="IReplyLineParser{T}"/>): the same results as
/// buffered parsing, messages still classified, truncation still an error.</summary>
public class StreamingReplyTests
{
    /// <summary>show servers state for n servers in backend "be", in HAProxy's column order.</summary>
    private static string ServersState(int n)
    {
        var sb = new StringBuilder(FakeHaproxyServer.ServersStateHeader + "\n");
        for (int i = 1; i <= n; i++) sb.Append($"3 be {i} s{i} 127.0.0.{i % 250 + 1} 2 0 {i % 256} 1 7 6 3 4 6 0 0 0 - {8000 + i} - 0 0 - - 0\n");
        return sb.ToString();
    }

    private static string StatCsv(int n)
    {
        var sb = new StringBuilder("# pxname,svname,scur,stot,slim,status,check_status,check_duration,check_desc,\n");
        sb.Append("fe,FRONTEND,1,2,,OPEN,,,,\n");
        for (int i = 1; i <= n; i++) sb.Append($"be,s{i},{i},{i * 10},{(i % 2 == 0 ? "100" : "")},UP,L7OK,{i % 5},\"Layer7 check passed, info: \"\"{i}\"\"\",\n");
        sb.Append("be,BACKEND,5,50,,UP,,,,\n");
        return sb.ToString();
    }

    private static FakeHaproxyServer Serve(Func<string, string?> answerFor)
    {
        var server = FakeHaproxyServer.StartTcp();
        server.OnLine = async (conn, line) =>
        {
            string? text = answerFor(line);
            // Sent in uneven slices, so lines arrive split across reads.
            if (text != null) await conn.SendSlowlyAsync(Encoding.UTF8.GetBytes(text + "\n"), 777, 0);
            else await FakeHaproxyServer.AnswerNormally(conn, line);
        };
        return server;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ServersAndStats_StreamedThroughTheSession_MatchBufferedParsing(bool synchronous)
    {
        const int n = 3000;
        string state = ServersState(n), stat = StatCsv(n);
        using var server = Serve(line => line == "show servers state" ? state : line == "show stat" ? stat : null);
        using var session = await ConnectAsync(server);

        var servers = await Run(synchronous, session, HaproxyRequests.GetServers());
        int merged = await Run(synchronous, session, HaproxyRequests.MergeServerStats(servers));

        var expected = ServersStateParser.Parse(state.TrimEnd('\n').Split('\n'));
        StatCsvParser.MergeServerStats(expected, stat.TrimEnd('\n').Split('\n'));
        Assert.Equal(n, servers.Count);
        Assert.Equal(n, merged);
        for (int i = 0; i < n; i++)
        {
            var a = servers[i];
            var e = expected[i];
            Assert.Equal((e.Backend, e.Name, e.Id, e.Address, e.Port, e.Weight, e.Status, e.CheckStatus, e.CheckDurationMs, e.CurrentSessions, e.TotalSessions, e.MaxConn),
                         (a.Backend, a.Name, a.Id, a.Address, a.Port, a.Weight, a.Status, a.CheckStatus, a.CheckDurationMs, a.CurrentSessions, a.TotalSessions, a.MaxConn));
            Assert.Same(session, a.GetSession());
        }
        Assert.Equal(("s2", 2L, 20L, 100L, 2L), (servers[1].Name, servers[1].CurrentSessions, servers[1].TotalSessions, servers[1].MaxConn, servers[1].CheckDurationMs));
        Assert.Null(servers[0].MaxConn);
        Assert.Equal(HaproxyServerOperationalState.Running, servers[0].OperationalState);
    }

    [Fact]
    public async Task ErrorMessage_ToAStreamingCommand_IsClassifiedNotParsed()
    {
        using var server = Serve(line => line == "show servers state nobe" ? "[3]: Can't find backend.\n" : null);
        using var session = await ConnectAsync(server);
        var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Run(true, session, HaproxyRequests.GetServers("nobe")));
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
        Assert.Equal("ok", (await Run(session, HaproxyRequests.Raw("echo ok"))).FirstLine);
    }

    [Fact]
    public async Task UnknownCommand_ToAStreamingCommand_IsAnError()
    {
        using var server = Serve(line => line == "show stat" ? "[6]: Unknown command: 'show stat', but maybe one of the following ones is a better match:\n  show info\n" : null);
        using var session = await ConnectAsync(server);
        await Assert.ThrowsAnyAsync<HaproxyException>(() => Run(true, session, HaproxyRequests.GetBackends()));
    }

    [Fact]
    public async Task UnprefixedNonData_ToServersState_IsProtocolError()
    {
        using var server = Serve(line => line == "show servers state" ? "Something unexpected.\n" : null);
        using var session = await ConnectAsync(server);
        var ex = await Assert.ThrowsAsync<HaproxyProtocolException>(() => Run(true, session, HaproxyRequests.GetServers()));
        Assert.Contains("Something unexpected.", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StreamedAnswerCutShort_IsTruncatedError_NeverAPartialResult(bool synchronous)
    {
        string stat = StatCsv(2000);
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.OnFirstConnection(
            (conn, _) => conn.SendThenDropAsync(stat.Substring(0, stat.Length / 2), 50), "show stat")); // no terminating blank line
        using var session = await ConnectAsync(server);
        var ex = await Assert.ThrowsAsync<HaproxyProtocolException>(() => Run(synchronous, session, HaproxyRequests.GetBackends()));
        Assert.Contains("truncated", ex.Message);
        Assert.Contains("# pxname,svname", ex.Message);
        Assert.Equal(1, server.CountCommand("show stat")); // part of the answer arrived: not retried
        Assert.Equal("again", (await Run(synchronous, session, HaproxyRequests.Raw("echo again"))).FirstLine);
    }

    [Fact]
    public async Task RetriedRead_GetsAFreshParser()
    {
        // The first connection closes before answering; the retry must not see lines from any earlier attempt.
        string state = ServersState(5);
        using var server = FakeHaproxyServer.StartTcp(FakeHaproxyServer.ForLine("show servers state", conn =>
        {
            if (conn.Index == 1) { conn.Close(); return Task.CompletedTask; }
            return conn.SendAsync(state + "\n");
        }));
        using var session = await ConnectAsync(server);
        var servers = await Run(true, session, HaproxyRequests.GetServers());
        Assert.Equal(new[] { "s1", "s2", "s3", "s4", "s5" }, servers.Select(s => s.Name));
        Assert.Equal(2, server.CountCommand("show servers state"));
    }

    [Fact]
    public void CsvFields_QuotedAndPlainFields_MatchSplit()
    {
        var lines = new List<string>
        {
            "# pxname,svname,status,check_desc,scur,stot,",
            "be,\"s,1\",\"say \"\"hi\"\"\",\"a,b\",12,-3,",
            "be,BACKEND,UP,,99999999999,x,",
        };
        var servers = new List<HaproxyServer> { new HaproxyServer("be", "s,1") };
        StatCsvParser.MergeServerStats(servers, lines);
        Assert.Equal("say \"hi\"", servers[0].Status);
        Assert.Equal(12, servers[0].CurrentSessions);
        Assert.Equal(-3, servers[0].TotalSessions);
        var backend = Assert.Single(StatCsvParser.Backends(lines));
        Assert.Equal(99999999999, backend.CurrentSessions);
        Assert.Equal(0, backend.TotalSessions); // "x" is not a number
    }

    /// <summary>Records the thread each line is parsed on: in synchronous mode that is the thread doing the reads.</summary>
    private sealed class ThreadRecordingParser : IReplyLineParser<List<int>>
    {
        private readonly List<int> _threads = new List<int>();
        public void Add(string line) => _threads.Add(Environment.CurrentManagedThreadId);
        public List<int> Complete() => _threads;
    }

    [Fact]
    public async Task SynchronousExecute_ReadsOnTheCallersThread_EvenAfterAReconnect()
    {
        // A reconnect awaits a real connect; the blocking reads after it must still run on the caller's thread, not
        // on the thread-pool thread the connect completed on (which they would hold, starving the pool).
        using var server = Serve(line => line == "show stat" ? "# pxname,svname,\nfe,FRONTEND,\n" : null);
        using var session = await ConnectAsync(server);
        var command = new CliRequest<List<int>>("show stat", false, "test", "test",
            (r, c) => throw new InvalidOperationException("expected the streamed path"), lineParser: () => new ThreadRecordingParser());
        server.CloseAllConnections();
        await Task.Delay(100);
        var (caller, threads) = await Task.Factory.StartNew(() => (Environment.CurrentManagedThreadId, session.Execute(command)),
            TaskCreationOptions.LongRunning);
        Assert.Equal(1, session.Reconnects);
        Assert.Equal(2, threads.Count);
        Assert.All(threads, t => Assert.Equal(caller, t));
    }
}
