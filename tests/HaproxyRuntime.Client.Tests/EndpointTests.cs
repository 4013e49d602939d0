using System;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Transport;
using Xunit;

namespace HaproxyRuntime.Client.Tests;

public class EndpointTests
{
    [Theory]
    [InlineData("tcp://127.0.0.1:9999", "127.0.0.1", 9999, "tcp://127.0.0.1:9999")]
    [InlineData("127.0.0.1:9999", "127.0.0.1", 9999, "tcp://127.0.0.1:9999")]
    [InlineData("[::1]:9999", "::1", 9999, "tcp://[::1]:9999")]
    [InlineData("tcp://[::1]:9999", "::1", 9999, "tcp://[::1]:9999")]
    [InlineData("ipv4@127.0.0.1:9999", "127.0.0.1", 9999, "tcp://127.0.0.1:9999")]
    [InlineData("ipv6@[::1]:9999", "::1", 9999, "tcp://[::1]:9999")]
    [InlineData("ipv6@::1:9999", "::1", 9999, "tcp://[::1]:9999")]
    [InlineData("localhost:1", "localhost", 1, "tcp://localhost:1")]
    [InlineData("TCP://lb.example.com:65535/", "lb.example.com", 65535, "tcp://lb.example.com:65535")]
    [InlineData("  127.0.0.1:9999  ", "127.0.0.1", 9999, "tcp://127.0.0.1:9999")]
    public void Parse_TcpForms(string text, string host, int port, string display)
    {
        var e = HaproxyEndpoint.Parse(text);
        Assert.Equal(HaproxyEndpointKind.Tcp, e.Kind);
        Assert.Equal(host, e.Host);
        Assert.Equal(port, e.Port);
        Assert.Null(e.Path);
        Assert.Equal(display, e.ToString());
    }

    [Theory]
    [InlineData("unix:///run/haproxy/admin.sock", "/run/haproxy/admin.sock")]
    [InlineData("/path/admin.sock", "/path/admin.sock")]
    [InlineData("./admin.sock", "./admin.sock")]
    [InlineData("../run/admin.sock", "../run/admin.sock")]
    [InlineData("unix@/var/run/hapee.sock", "/var/run/hapee.sock")]
    public void Parse_UnixForms(string text, string path)
    {
        var e = HaproxyEndpoint.Parse(text);
        Assert.Equal(HaproxyEndpointKind.Unix, e.Kind);
        Assert.Equal(path, e.Path);
        Assert.Null(e.Host);
        Assert.Equal(0, e.Port);
        Assert.Equal("unix://" + path, e.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1", "has no port")]
    [InlineData("localhost", "has no port")]
    [InlineData("127.0.0.1:0", "no valid port")]
    [InlineData("127.0.0.1:65536", "no valid port")]
    [InlineData("127.0.0.1:99999", "no valid port")]
    [InlineData("127.0.0.1:abc", "no valid port")]
    [InlineData("127.0.0.1:-1", "no valid port")]
    [InlineData("127.0.0.1:", "no valid port")]
    [InlineData("::1:9999", "IPv6 address without brackets")]
    [InlineData("2001:db8::1:9999", "IPv6 address without brackets")]
    [InlineData("[::1]", "is not [address]:port")]
    [InlineData("[::1:9999", "is not [address]:port")]
    [InlineData("http://127.0.0.1:9999", "unsupported scheme")]
    [InlineData("ssh://host:22", "unsupported scheme")]
    [InlineData("unix://", "names no socket path")]
    [InlineData("", "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("[]:9999", "has no host")]
    public void Parse_Errors(string text, string fragment)
    {
        Assert.False(HaproxyEndpoint.TryParse(text, out var endpoint, out var error));
        Assert.Null(endpoint);
        Assert.Contains(fragment, error);
        var ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyEndpoint.Parse(text));
        Assert.Equal("Endpoint", ex.ParameterName);
        Assert.Equal(error, ex.Message);
    }

    [Fact]
    public void TryParse_Null()
    {
        Assert.False(HaproxyEndpoint.TryParse(null, out var endpoint, out var error));
        Assert.Null(endpoint);
        Assert.NotNull(error);
    }

    [Fact]
    public void Factories_Validate()
    {
        Assert.Throws<HaproxyArgumentException>(() => HaproxyEndpoint.Tcp("", 1));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyEndpoint.Tcp("h", 0));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyEndpoint.Tcp("h", 65536));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyEndpoint.Unix(" "));
        Assert.Equal("tcp://h:65535", HaproxyEndpoint.Tcp("h", 65535).ToString());
    }

    [Fact]
    public void Equality_IsByCanonicalForm()
    {
        Assert.Equal(HaproxyEndpoint.Parse("127.0.0.1:9999"), HaproxyEndpoint.Parse("tcp://127.0.0.1:9999"));
        Assert.Equal(HaproxyEndpoint.Parse("ipv4@127.0.0.1:9999").GetHashCode(), HaproxyEndpoint.Parse("127.0.0.1:9999").GetHashCode());
        Assert.Equal(HaproxyEndpoint.Parse("/run/a.sock"), HaproxyEndpoint.Parse("unix:///run/a.sock"));
        Assert.NotEqual(HaproxyEndpoint.Parse("127.0.0.1:9999"), HaproxyEndpoint.Parse("127.0.0.1:9998"));
        Assert.False(HaproxyEndpoint.Parse("127.0.0.1:9999").Equals(null));
    }
}

public class DurationTests
{
    [Theory]
    [InlineData("2s", 2000)]
    [InlineData("500ms", 500)]
    [InlineData("1m", 60_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("100us", 0.1)]
    [InlineData("5", 5000)]
    [InlineData("0", 0)]
    [InlineData("1.5s", 1500)]
    [InlineData(".5s", 500)]
    [InlineData("2S", 2000)]
    [InlineData("5 s", 5000)]
    [InlineData(" 3s ", 3000)]
    [InlineData("00:00:03", 3000)]
    [InlineData("00:01:30", 90_000)]
    [InlineData("1:30", 5_400_000)]
    [InlineData("1.00:00:00", 86_400_000)]
    public void Parses(string text, double expectedMs)
    {
        Assert.True(HaproxyDuration.TryParse(text, out var value), text);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), value);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), HaproxyDuration.Parse(text, "Timeout"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("abc")]
    [InlineData("2x")]
    [InlineData("-1s")]
    [InlineData("-00:00:01")]
    [InlineData("1.2.3s")]
    [InlineData("s")]
    [InlineData("1000000000d")]
    [InlineData("2 seconds")]
    public void RefusesInvalid(string text)
    {
        Assert.False(HaproxyDuration.TryParse(text, out _), text);
        var ex = Assert.Throws<HaproxyArgumentException>(() => HaproxyDuration.Parse(text, "Timeout"));
        Assert.Equal("Timeout", ex.ParameterName);
        Assert.Contains("is not a duration", ex.Message);
    }

    [Fact]
    public void RefusesNull()
    {
        Assert.False(HaproxyDuration.TryParse(null, out _));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyDuration.Parse(null!, "Timeout"));
    }

    [Fact]
    public void ToCli_WholeMillisecondsRoundedUp()
    {
        Assert.Equal("2000ms", HaproxyDuration.ToCli(TimeSpan.FromSeconds(2)));
        Assert.Equal("500ms", HaproxyDuration.ToCli(TimeSpan.FromMilliseconds(500)));
        Assert.Equal("0ms", HaproxyDuration.ToCli(TimeSpan.Zero));
        Assert.Equal("1ms", HaproxyDuration.ToCli(TimeSpan.FromTicks(1)));
        Assert.Equal("2ms", HaproxyDuration.ToCli(TimeSpan.FromMilliseconds(1.5)));
        Assert.Equal("86400000ms", HaproxyDuration.ToCli(TimeSpan.FromDays(1)));
    }
}
