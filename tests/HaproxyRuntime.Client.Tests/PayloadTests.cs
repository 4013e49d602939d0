using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;
using Xunit;
using static HaproxyRuntime.Client.Tests.TestHarness;

namespace HaproxyRuntime.Client.Tests;

/// <summary><c>&lt;&lt;</c> payloads: what is sent, what is refused before sending, and what a refusal by HAProxy becomes.</summary>
public class PayloadTests
{
    private static CliRequest<CliDone> Request(CliPayload payload) =>
        new CliRequest<CliDone>("set ssl cert x.pem", true, "Update", "x.pem",
            (reply, r) => reply.IsEmpty ? CliDone.Value : throw new HaproxyProtocolException(reply.Raw, r.Line)).WithPayload(payload);

    [Fact]
    public void Wire_CustomTerminator_EndsWithAWordNoLineEquals()
    {
        var payload = CliPayload.FromText("-----BEGIN X-----\r\nabc\r\n\r\nshow version\r\n-----END X-----\r\n", "Pem");
        Assert.Equal(5, payload.LineCount);
        Assert.True(payload.HasEmptyLine);
        string wire = payload.Wire("set ssl cert x.pem", customTerminator: true);
        string[] lines = wire.Split('\n');
        Assert.StartsWith("set ssl cert x.pem <<", lines[0]);
        string terminator = lines[0].Substring("set ssl cert x.pem <<".Length);
        Assert.Equal(7, terminator.Length);
        // The data, then the terminator alone, then the final LF: nothing after it.
        Assert.Equal(new[] { "-----BEGIN X-----", "abc", "", "show version", "-----END X-----", terminator, "" }, lines.Skip(1));
        Assert.DoesNotContain('\r', wire);
    }

    [Fact]
    public void Wire_CustomTerminator_NeverEqualsAPayloadLine()
    {
        // Every 7-character word a line could be is avoided; with many lines of that length the choice still differs.
        var random = new Random(7);
        string[] words = Enumerable.Range(0, 2000).Select(_ => new string(Enumerable.Range(0, 7).Select(_ => (char)('a' + random.Next(2))).ToArray())).ToArray();
        var payload = CliPayload.FromText(string.Join("\n", words), "Data");
        for (int i = 0; i < 50; i++)
        {
            string wire = payload.Wire("add map m", true);
            string terminator = wire.Substring("add map m <<".Length, 7);
            Assert.DoesNotContain(terminator, words);
        }
        // Nor a line's end (a line split where HAProxy 3.4 grows its payload buffer is checked in two parts).
        var suffixed = CliPayload.FromText(string.Join("\n", words.Select(w => "value-" + w)), "Data");
        for (int i = 0; i < 50; i++)
        {
            string wire = suffixed.Wire("add map m", true);
            string terminator = wire.Substring("add map m <<".Length, 7);
            Assert.DoesNotContain(terminator, words);
        }
    }

    [Fact]
    public void Wire_PlainForm_EndsWithEmptyLine_AndRefusesAnEmptyDataLine()
    {
        var payload = CliPayload.FromText("a\nb\n", "Data");
        Assert.Equal("add map m <<\na\nb\n\n", payload.Wire("add map m", false));
        var holed = CliPayload.FromText("a\n\nshow version", "Data");
        var ex = Assert.Throws<HaproxyArgumentException>(() => holed.Wire("add map m", false));
        Assert.Contains("empty line", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("a\0b")]
    [InlineData("a\rb")]
    public void FromText_RefusesWhatTheCliCannotCarry(string text)
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => CliPayload.FromText(text, "Pem"));
        Assert.Equal("Pem", ex.ParameterName);
    }

    [Fact]
    public void DisplayLine_ShowsTheSizeNeverTheData()
    {
        var request = Request(CliPayload.FromText("-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----", "Pem"));
        Assert.Equal("set ssl cert x.pem", request.Line);
        Assert.Equal("set ssl cert x.pem << (3 lines, 61 bytes)", request.DisplayLine);
        Assert.DoesNotContain("secret", request.ToString());
    }

    [Fact]
    public async Task Session_SendsLineAndPayloadTogether_AndReadsOneAnswer()
    {
        var received = new ConcurrentQueue<string>();
        string? terminator = null;
        using var server = FakeHaproxyServer.StartTcp(async (conn, line) =>
        {
            received.Enqueue(line);
            if (terminator is null && line.StartsWith("set ssl cert x.pem <<", StringComparison.Ordinal)) terminator = line.Substring(21);
            else if (line == terminator) await conn.SendAsync("\n"); // HAProxy answers once the payload ended
        });
        using var session = await ConnectAsync(server);
        await Run(session, Request(CliPayload.FromText("l1\n\nl3", "Pem")));
        Assert.Equal(new[] { "l1", "", "l3" }, received.Skip(1).Take(3));
        Assert.Equal(5, received.Count);
    }

    [Fact]
    public async Task Session_PayloadTooBig_IsARefusalNotAnUnknownOutcome()
    {
        using var server = FakeHaproxyServer.StartTcp(async (conn, line) =>
        {
            if (!line.StartsWith("set ssl cert", StringComparison.Ordinal)) return;
            await conn.SendAsync("[3]: The payload is too big. Please change 'tune.cli.max-payload-size' in the configuration to use a bigger payload.\n");
            conn.Close();
        });
        using var session = await ConnectAsync(server);
        var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Run(session, Request(CliPayload.FromText("l1\nl2", "Pem"))));
        Assert.Equal(HaproxyErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("Nothing was applied", ex.Message);
    }

    [Fact]
    public async Task Batch_RefusesAPayloadRequest()
    {
        using var server = FakeHaproxyServer.StartTcp();
        using var session = await ConnectAsync(server);
        await Assert.ThrowsAsync<ArgumentException>(() => RunMany(session, new[] { Request(CliPayload.FromText("a", "Pem")) }));
    }

    [Theory]
    [InlineData("+ + + [5]: Transaction created for certificate x.pem!", 5, "Transaction created for certificate x.pem!")]
    [InlineData("+ + ", null, null)]
    [InlineData("+ [3]: 'abc' is not a valid IPv4 or IPv6 address.", 3, "'abc' is not a valid IPv4 or IPv6 address.")]
    public void PromptMode_PayloadPromptsAreTakenOffTheAnswer(string first, int? severity, string? text)
    {
        var reply = HaproxySession.WithoutPayloadPrompts(CliReply.FromLines(new System.Collections.Generic.List<string> { first }));
        Assert.Equal(severity, reply.Severity);
        if (text is null) Assert.True(reply.IsEmpty);
        else Assert.Equal(text, reply.Text);
    }
}
