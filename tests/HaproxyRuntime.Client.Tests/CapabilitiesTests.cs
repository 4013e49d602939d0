using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Capabilities;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;
using Xunit;
using static HaproxyRuntime.Client.Tests.TestHarness;

namespace HaproxyRuntime.Client.Tests;

public class CapabilitiesTests
{
    [Theory]
    [InlineData("3.4.7-1", "3.4.7")]
    [InlineData("2.6.12-1+deb12u1", "2.6.12")]
    [InlineData("3.2-dev5", "3.2.0")]
    [InlineData("3.0.11", "3.0.11")]
    public void ParseVersion_ReadsHaproxysVersionText(string text, string expected) =>
        Assert.Equal(Version.Parse(expected), HaproxyCapabilities.ParseVersion(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("HAProxy")]
    public void ParseVersion_OtherTextIsNull(string? text) => Assert.Null(HaproxyCapabilities.ParseVersion(text));

    [Theory]
    [InlineData(HaproxyFeature.DynamicBackends, "3.3.9", false)]
    [InlineData(HaproxyFeature.DynamicBackends, "3.4.0", true)]
    [InlineData(HaproxyFeature.WaitCommand, "2.8.16", false)]
    [InlineData(HaproxyFeature.WaitCommand, "3.0.0", true)]
    [InlineData(HaproxyFeature.VirtualPatternSets, "2.6.12", false)]
    [InlineData(HaproxyFeature.InteractiveMode, "3.0.11", false)]
    [InlineData(HaproxyFeature.InteractiveMode, "3.2.0", true)]
    public void Supports_FollowsTheTable(HaproxyFeature feature, string version, bool supported) =>
        Assert.Equal(supported, HaproxyCapabilities.Supports(Version.Parse(version), feature));

    public static IEnumerable<object[]> VersionBoundRequests() => new[]
    {
        new object[] { HaproxyRequests.AddBackend("b", "d"), HaproxyFeature.DynamicBackends },
        new object[] { HaproxyRequests.RemoveBackend("b"), HaproxyFeature.DynamicBackends },
        new object[] { HaproxyRequests.PublishBackend("b"), HaproxyFeature.DynamicBackends },
        new object[] { HaproxyRequests.UnpublishBackend("b"), HaproxyFeature.DynamicBackends },
        new object[] { HaproxyRequests.WaitBackendRemovable("b", TimeSpan.FromSeconds(1)), HaproxyFeature.DynamicBackends },
        new object[] { HaproxyRequests.WaitServerRemovable("b", "s", TimeSpan.FromSeconds(1)), HaproxyFeature.WaitCommand },
        new object[] { HaproxyRequests.AddMapEntry("virt@x.map", "k", "v"), HaproxyFeature.VirtualPatternSets },
        new object[] { HaproxyRequests.ClearAcl("virt@x.acl"), HaproxyFeature.VirtualPatternSets },
        new object[] { HaproxyRequests.AddServer("b", "s", "127.0.0.1", 80, new AddServerOptions { Keywords = { "init-state up" } }), HaproxyFeature.ServerInitState },
        new object[] { HaproxyRequests.AddServer("b", "s", "127.0.0.1", 80, new AddServerOptions { Keywords = { "check", "init-state", "down" } }), HaproxyFeature.ServerInitState },
    };

    [Theory]
    [MemberData(nameof(VersionBoundRequests))]
    public void Requests_SayWhatTheyNeed(CliRequest request, HaproxyFeature feature) => Assert.Equal(feature, request.RequiredFeature);

    [Fact]
    public void Requests_ForFileMapsOrCommonCommands_NeedNothing()
    {
        Assert.Null(HaproxyRequests.AddMapEntry("/etc/haproxy/x.map", "k", "v").RequiredFeature);
        Assert.Null(HaproxyRequests.AddServer("b", "s", "127.0.0.1", 80).RequiredFeature);
        Assert.Null(HaproxyRequests.SetServerState("b", "s", Models.HaproxyServerState.Maint).RequiredFeature);
    }

    [Fact]
    public async Task Session_RefusesARequestItsVersionLacks_BeforeSending()
    {
        using var server = FakeHaproxyServer.StartTcp();
        server.Info = _ => "Name: HAProxy\nVersion: 3.2.26-1\nPid: 123\n\n";
        using var session = await ConnectAsync(server);
        Assert.Equal(new Version(3, 2, 26), session.VersionNumber);
        var ex = Assert.Throws<HaproxyFeatureNotSupportedException>(() => session.Execute(HaproxyRequests.AddBackend("b", "d")));
        Assert.Equal(HaproxyErrorKind.NotSupported, ex.Kind);
        Assert.Equal(new Version(3, 4), ex.RequiredVersion);
        Assert.Equal("3.2.26-1", ex.ConnectedVersion);
        Assert.Contains("HAProxy 3.4 or later (connected: 3.2.26-1)", ex.Message);
        await Assert.ThrowsAsync<HaproxyFeatureNotSupportedException>(() => session.ExecuteManyAsync(new[] { HaproxyRequests.PublishBackend("b") }));
        Assert.Empty(server.Commands);
        // What the version has still runs.
        Assert.Equal("3.4.7-1", session.Execute(HaproxyRequests.ShowVersion()));
    }

    [Fact]
    public async Task Session_OnANewEnoughVersion_SendsIt()
    {
        using var server = FakeHaproxyServer.StartTcp();
        using var session = await ConnectAsync(server);
        Assert.Equal(new Version(3, 4, 7), session.VersionNumber);
        session.EnsureSendable(HaproxyRequests.AddBackend("b", "d"));
    }
}
