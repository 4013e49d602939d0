using System.Threading.Tasks;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;
using Xunit;
using static HaproxyRuntime.Client.Tests.TestHarness;

namespace HaproxyRuntime.Client.Tests;

/// <summary>HAProxy before 3.2 has no 'prompt i': its answers end with a "> " prompt, and 2.6 sends some messages
/// without their final LF (no blank line before the prompt). Framed by the prompt, they read as in interactive mode.</summary>
public class PromptFramingTests
{
    /// <summary>A HAProxy 2.6 as seen on the wire: every answer followed by "\n> " (a prompt-mode toggle for any
    /// 'prompt' line), 'del server' without its final LF.</summary>
    private static FakeHaproxyServer Haproxy26()
    {
        // Connections whose first line was not 'prompt…': HAProxy's non-interactive mode (one line, then closed).
        var nonInteractive = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        return FakeHaproxyServer.StartTcpWithScriptedHandshake(async (conn, line) =>
        {
            string Body(string segment) => segment.Trim() switch
            {
                "prompt i" or "prompt" or "set severity-output number" => "",
                "show info" => "Name: HAProxy\nVersion: 2.6.12-1+deb12u4\nPid: 77\n",
                "show cli level" => "[6]: admin\n",
                "del server b/s" => "[6]: Server deleted.",
                "set server b/s state maint" => "",
                "del server b/nosuch" => "[3]: No such server.\n",
                "show servers state b" => FakeHaproxyServer.ServersStateHeader + "\n1 b 1 s 127.0.0.1 2 0 1 1 5 6 3 4 6 0 0 0 - 80 - 0 0 - - 0\n",
                // Free-form output (a Lua command's, say) whose lines begin with the prompt's own two bytes.
                "show quotes" => "> first\n> second\nthird\n",
                _ => "[6]: Unknown command: 'x', but maybe one of the following ones is a better match:\n  help\n",
            };
            var sb = new System.Text.StringBuilder();
            if (nonInteractive.GetOrAdd(conn.Index, !line.StartsWith("prompt", System.StringComparison.Ordinal)))
            {
                foreach (var segment in FakeHaproxyServer.SplitSegments(line)) sb.Append(Body(segment)).Append('\n');
                await conn.SendAsync(sb.ToString());
                conn.Close();
                return;
            }
            foreach (var segment in FakeHaproxyServer.SplitSegments(line)) sb.Append(Body(segment)).Append("\n> ");
            await conn.SendAsync(sb.ToString());
        });
    }

    [Fact]
    public async Task AHaproxyWithoutPromptI_IsSpokenInPromptMode()
    {
        using var server = Haproxy26();
        using var session = await ConnectAsync(server);
        Assert.True(session.UsesPromptFraming);
        Assert.Equal("2.6.12-1+deb12u4", session.Version);
        Assert.Equal("admin", session.Level);
        // The first connection ('prompt i' taken for 'prompt') is dropped; the second opened with plain 'prompt'.
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task AMessageWithoutItsFinalLf_EndsAtThePrompt()
    {
        using var server = Haproxy26();
        using var session = await ConnectAsync(server);
        Assert.Equal(CliDone.Value, session.Execute(HaproxyRequests.RemoveServer("b", "s")));
        var ex = Assert.Throws<HaproxyCommandException>(() => session.Execute(HaproxyRequests.RemoveServer("b", "nosuch")));
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
    }

    [Fact]
    public async Task EmptyAnswersAndDumps_AreFramedAsInInteractiveMode()
    {
        using var server = Haproxy26();
        using var session = await ConnectAsync(server);
        session.Execute(HaproxyRequests.SetServerState("b", "s", HaproxyServerState.Maint));
        var servers = session.Execute(HaproxyRequests.GetServers("b"));
        Assert.Equal("s", Assert.Single(servers).Name);
    }

    [Fact]
    public async Task PipelinedCommands_EachEndAtTheirOwnPrompt()
    {
        using var server = Haproxy26();
        using var session = await ConnectAsync(server);
        var outcomes = await session.ExecuteManyAsync(new[]
        {
            HaproxyRequests.SetServerState("b", "s", HaproxyServerState.Maint),
            HaproxyRequests.RemoveServer("b", "s"),
            HaproxyRequests.RemoveServer("b", "nosuch"),
            HaproxyRequests.SetServerState("b", "s", HaproxyServerState.Maint),
        });
        Assert.True(outcomes[0].Succeeded);
        Assert.True(outcomes[1].Succeeded);
        Assert.Equal(HaproxyErrorKind.NotFound, outcomes[2].Error!.Kind);
        Assert.True(outcomes[3].Succeeded);
    }

    [Fact]
    public async Task AFreeFormRead_GoesOnAConnectionOfItsOwn_FramedByItsClose()
    {
        using var server = Haproxy26();
        using var session = await ConnectAsync(server);
        var reply = session.Execute(HaproxyRequests.Raw("show quotes"));
        Assert.Equal(new[] { "> first", "> second", "third" }, reply.Lines);
        Assert.Contains("set severity-output number;show quotes", server.Commands);
        // The session's own connection is untouched and still in step.
        Assert.Equal(0, session.Reconnects);
        Assert.Equal(CliDone.Value, session.Execute(HaproxyRequests.RemoveServer("b", "s")));
        Assert.Equal(3, server.Accepted);
    }

    [Fact]
    public async Task AFreeFormRefusal_IsClassifiedAsUsual()
    {
        using var server = Haproxy26();
        using var session = await ConnectAsync(server);
        var ex = Assert.Throws<HaproxyCommandException>(() => session.Execute(HaproxyRequests.Raw("show nothing")));
        Assert.Equal(HaproxyErrorKind.InvalidArgument, ex.Kind);
        Assert.StartsWith("[6]: Unknown command", ex.Response);
    }

    [Fact]
    public async Task ARawChange_StaysOnTheSessionsConnection()
    {
        // A change may set something for the connection (expert-mode, a CLI timeout): it must be the session's one.
        using var server = Haproxy26();
        using var session = await ConnectAsync(server);
        session.Execute(HaproxyRequests.Raw("set server b/s state maint"));
        Assert.DoesNotContain(server.Commands, c => c.StartsWith("set severity-output number;", System.StringComparison.Ordinal));
        Assert.Equal(2, server.Accepted);
    }
}
