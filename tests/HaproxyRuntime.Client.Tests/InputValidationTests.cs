using System.Collections.Generic;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;
using Xunit;

namespace HaproxyRuntime.Client.Tests;

/// <summary>Inputs the fuzz test against real HAProxy found slipping through: a refusal that quotes the value
/// "changed", '#'-names that HAProxy reads as another list's id, and lone surrogates.</summary>
public class InputValidationTests
{
    private static CliReply Reply(int severity, string line) => CliReply.FromLines(new List<string> { $"[{severity}]: {line}" });

    [Theory]
    [InlineData("IP changed from '127.0.0.1' to '127.0.0.2', port changed from '18081' to '8081' by 'stats socket command'")]
    [InlineData("nothing changed")]
    [InlineData("port changed from '1' to '2' by 'stats socket command'")]
    public void SetServer_ChangeNoticesAreSuccess(string notice)
    {
        var command = HaproxyRequests.SetServerAddress("be", "s1", "127.0.0.2", 8081);
        command.Interpret(Reply(4, notice));
    }

    [Theory]
    [InlineData("Invalid addr 'changed'")]
    [InlineData("invalid addr 'x-changed'")]
    [InlineData("Invalid addr 'unchanged'")]
    [InlineData("health checks are not enabled on this server")]
    public void SetServer_ARefusalQuotingChangedIsNotSuccess(string refusal)
    {
        var command = HaproxyRequests.SetServerAddress("be", "s1", "changed", null);
        Assert.Throws<HaproxyCommandException>(() => command.Interpret(Reply(4, refusal)));
    }

    [Theory]
    [InlineData("#")]
    [InlineData("#+0")]
    [InlineData("#-1")]
    [InlineData("#abc")]
    [InlineData("#1a")]
    public void PatternSetNames_HashMustBeADecimalId(string name)
    {
        var ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddMapEntry(name, "k", "v"));
        Assert.Equal("Map", ex.ParameterName);
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddAclEntry(name, "p"));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.PrepareMap(name));
    }

    [Theory]
    [InlineData("#4", "#4")]
    [InlineData("virt@paths.map", "virt@paths.map")]
    [InlineData("/etc/haproxy/a b.map", "/etc/haproxy/a\\ b.map")]
    public void PatternSetNames_ValidOnesAreEscaped(string name, string sent)
    {
        Assert.Equal($"add map {sent} k v", HaproxyRequests.AddMapEntry(name, "k", "v").Line);
    }

    [Fact]
    public void LoneSurrogatesAreRefused()
    {
        // Built at run time: xunit's serialisation of [InlineData] strings would replace lone surrogates itself.
        char high = (char)0xD83D, low = (char)0xDE00;
        foreach (var value in new[] { "a" + high, low + "b", "x" + high + "y" })
        {
            var ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.AddMapEntry("virt@paths.map", "k", value));
            Assert.Contains("surrogate", ex.Message);
        }
    }

    [Fact]
    public void PairedSurrogatesPass()
    {
        Assert.Equal("add map virt@paths.map k 😀x", HaproxyRequests.AddMapEntry("virt@paths.map", "k", "😀x").Line);
    }
}
