using System;
using System.Collections.Generic;
using System.Linq;
using HaproxyRuntime.Client.Capabilities;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;
using Xunit;

namespace HaproxyRuntime.Client.Tests;

/// <summary>show sess (one line per stream, and one stream's long dump), shutdown session, show errors.</summary>
public class StreamsTests
{
    private static CliReply Reply(params string[] lines) => CliReply.FromLines(lines.ToList());

    // As HAProxy 3.4.7 printed them in the lab: a held HTTP stream, a CLI client over TCP, one over the Unix socket.
    private const string Held34 = "0x7f7f67c79d00: proto=tcpv4 src=127.0.0.1:45086 fe=myfrontend1 be=holdx srv=h1 ts=00 epoch=0 age=1s calls=2 rate=0 cpu=0 lat=0 rq[f=848000h,i=0,an=8000h,ax=] rp[f=80000000h,i=0,an=1400000h,ax=] scf=[8,402h,fd=18,rex=,wex=] scb=[8,1411h,fd=19,rex=29s,wex=] exp=4s rc=0 c_exp= uri=\"GET /holdx HTTP/1.1\"";
    private const string Cli34 = "0x7f7f67c7a200: proto=tcpv4 src=127.0.0.1:33544 fe=GLOBAL be=<NONE> srv=<none> ts=00 epoch=0x2 age=1s calls=1 rate=0 cpu=1500 lat=250 rq[f=10848101h,i=0,an=00h,ax=] rp[f=80048101h,i=0,an=00h,ax=] scf=[8,0h,fd=17,rex=30s,wex=] scb=[8,1h,fd=-1,rex=,wex=] exp=29s rc=0 c_exp=";
    private const string Unix34 = "0x7f3caca7f000: proto=unix_stream src=unix:2 fe=GLOBAL be=<NONE> srv=<none> ts=08 epoch=0 age=2h5m calls=1 rate=0 cpu=0 lat=0 rq[f=10848100h,i=12,an=00h,ax=] rp[f=80008000h,i=0,an=00h,ax=] scf=[8,0h,fd=21,rex=30s,wex=] scb=[8,1h,fd=-1,rex=,wex=] exp=? rc=0 c_exp= run(nice=0)";
    // 2.6's channel and connector fields (stream.c v2.6.0): rx/wx inside rq/rp, no timers inside scf/scb.
    private const string Held26 = "0x55d5c8e0a000: proto=tcpv6 src=::1:40000 fe=fe1 be=be1 srv=s1 ts=00 epoch=0x3 age=1d2h calls=3 rate=1 cpu=0 lat=0 rq[f=848000h,i=5,an=00h,rx=,wx=,ax=] rp[f=80000000h,i=7,an=00h,rx=29s,wx=,ax=] scf=[8,200h,fd=12] scb=[8,11h,fd=13] exp=29s rc=3 c_exp=";

    [Fact]
    public void ShowSess_TypesEveryField()
    {
        var streams = StreamParser.Parse(new[] { Held34, Cli34, Unix34 });
        Assert.Equal(3, streams.Count);

        var held = streams[0];
        Assert.Equal("0x7f7f67c79d00", held.Id);
        Assert.Equal("tcpv4", held.Protocol);
        Assert.Equal(("myfrontend1", "holdx", "h1"), (held.Frontend, held.Backend, held.Server));
        Assert.Equal(("127.0.0.1", (int?)45086), (held.SourceAddress, held.SourcePort));
        Assert.Equal(TimeSpan.FromSeconds(1), held.Age);
        Assert.Equal(2, held.Calls);
        Assert.Equal(("848000h", 0L, "8000h"), (held.RequestFlags, held.RequestBytes, held.RequestAnalysers));
        Assert.Equal(("80000000h", 0L, "1400000h"), (held.ResponseFlags, held.ResponseBytes, held.ResponseAnalysers));
        Assert.Equal(((int?)8, "402h", (int?)18), (held.FrontState, held.FrontFlags, held.FrontFd));
        Assert.Equal(((int?)8, "1411h", (int?)19), (held.BackState, held.BackFlags, held.BackFd));
        Assert.Equal(TimeSpan.FromSeconds(4), held.Expires);
        Assert.Equal(0, held.Retries);
        Assert.False(held.Running);
        Assert.Equal("GET /holdx HTTP/1.1", held.Uri);
        Assert.Equal(Held34, held.Line);

        var cli = streams[1];
        Assert.Equal("GLOBAL", cli.Frontend);
        Assert.Null(cli.Backend);                      // <NONE>
        Assert.Null(cli.Server);                       // <none>
        Assert.Equal("0x2", cli.Epoch);
        Assert.Equal(TimeSpan.FromTicks(15), cli.CpuTime);   // nanoseconds
        Assert.Equal(TimeSpan.FromTicks(2), cli.Latency);
        Assert.Equal(-1, cli.BackFd);
        Assert.Null(cli.Uri);

        var unix = streams[2];
        Assert.Equal(("unix:2", (int?)null), (unix.SourceAddress, unix.SourcePort));
        Assert.Equal(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(5), unix.Age);
        Assert.Null(unix.Expires);                     // "?"
        Assert.True(unix.Running);
        Assert.Equal("08", unix.TaskState);
        Assert.Equal(12, unix.RequestBytes);
    }

    [Fact]
    public void ShowSess_ReadsThe26Layout_AndIPv6Sources()
    {
        var s = Assert.Single(StreamParser.Parse(new[] { Held26 }));
        Assert.Equal(("::1", (int?)40000), (s.SourceAddress, s.SourcePort));
        Assert.Equal(TimeSpan.FromDays(1) + TimeSpan.FromHours(2), s.Age);
        Assert.Equal((5L, 7L), (s.RequestBytes, s.ResponseBytes));
        Assert.Equal(((int?)12, (int?)13, "200h"), (s.FrontFd, s.BackFd, s.FrontFlags));
        Assert.Equal(3, s.Retries);
    }

    [Fact]
    public void ShowSess_AStreamWithoutClientConnection_HasNoProxies_AndOtherLinesAreSkipped()
    {
        var streams = StreamParser.Parse(new[] { "0x1234: proto=? ts=00 epoch=0 age=0s calls=1 rate=0 cpu=0 lat=0 rq[f=0h,i=0,an=00h,ax=] rp[f=0h,i=0,an=00h,ax=] scf=[0,0h,fd=-1,rex=,wex=] scb=[0,0h,fd=-1,rex=,wex=] exp= rc=0 c_exp=", "", "not a stream" });
        var s = Assert.Single(streams);
        Assert.Equal("?", s.Protocol);
        Assert.Null(s.Frontend);
        Assert.Null(s.SourceAddress);
        Assert.Null(s.Expires);                        // empty: no expiry
    }

    [Theory]
    [InlineData("0s", 0)]
    [InlineData("59s", 59)]
    [InlineData("3m2s", 182)]
    [InlineData("1h5m", 3900)]
    [InlineData("2d3h", 183600)]
    [InlineData("4m", 240)]
    public void HumanTime_AsHaproxyPrintsIt(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), StreamParser.HumanTime(text));

    [Theory]
    [InlineData("")]
    [InlineData("?")]
    [InlineData("5")]
    [InlineData("5x")]
    public void HumanTime_NoneOrUnknown_IsNull(string text) => Assert.Null(StreamParser.HumanTime(text));

    [Fact]
    public void Requests_Lines_AndTheOptionsNeed32()
    {
        Assert.Equal("show sess", HaproxyRequests.GetStreams().Line);
        Assert.Null(HaproxyRequests.GetStreams().RequiredFeature);
        var both = HaproxyRequests.GetStreams(suspicious: true, withUri: true);
        Assert.Equal("show sess susp show-uri", both.Line);
        Assert.Equal(HaproxyFeature.ShowSessOptions, both.RequiredFeature);
        Assert.Equal("show sess show-uri", HaproxyRequests.GetStreams(withUri: true).Line);
        Assert.Throws<HaproxyFeatureNotSupportedException>(() => HaproxyCapabilities.EnsureSupported(new Version(3, 0, 11), "3.0.11", both));
        HaproxyCapabilities.EnsureSupported(new Version(3, 2, 0), "3.2.0", both);

        var detail = HaproxyRequests.GetStreamDetail("0x7f7f67c79d00");
        Assert.Equal("show sess 0x7f7f67c79d00", detail.Line);
        Assert.False(detail.IsWrite);
        var stop = HaproxyRequests.ShutdownStream("0x7f7f67c79d00");
        Assert.Equal("shutdown session 0x7f7f67c79d00", stop.Line);
        Assert.Equal("0x7f7f67c79d00", stop.Target);
        Assert.True(stop.IsWrite);
    }

    [Theory]
    [InlineData("7f7f67c79d00")]          // strtoul(base 0) would read its leading digits as decimal, then stop
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("0x")]
    [InlineData("0x12g4")]
    [InlineData("0x1 ;shutdown")]
    [InlineData("0x11112222333344445")]   // more than a 64-bit pointer
    [InlineData("all")]
    [InlineData("")]
    public void StreamIds_OtherThanHexPointers_AreRefused(string id)
    {
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.ShutdownStream(id));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetStreamDetail(id));
    }

    [Fact]
    public void StreamIds_InDecimal_AreSentInHexadecimal()
    {
        // PowerShell hands a bare 0x7f7f67c79d00 over as the number 140185178709248.
        Assert.Equal("shutdown session 0x7f7f67c79d00", HaproxyRequests.ShutdownStream("140185178709248").Line);
        Assert.Equal("show sess 0x7f7f67c79d00", HaproxyRequests.GetStreamDetail("140185178709248").Line);
    }

    [Fact]
    public void ShowSessId_GoneStreams_AreNotFound_AndTheDumpIsData()
    {
        var request = HaproxyRequests.GetStreamDetail("0x1234");
        var gone = Assert.Throws<HaproxyCommandException>(() => request.Interpret(Reply("Session not found.")));
        Assert.Equal(HaproxyErrorKind.NotFound, gone.Kind);
        Assert.Equal(HaproxyObjectKind.Stream, gone.MissingKind);
        var cut = Assert.Throws<HaproxyCommandException>(() => request.Interpret(Reply("0x1234: [07/Dec/2026:19:52:41.295914] id=1 proto=tcpv4", "  flags=0x0", "  *** session terminated while we were watching it ***")));
        Assert.Equal(HaproxyErrorKind.NotFound, cut.Kind);
        Assert.Equal(HaproxyErrorKind.PermissionDenied, Assert.Throws<HaproxyCommandException>(() => request.Interpret(Reply("[3]: Permission denied"))).Kind);
        var lines = request.Interpret(Reply("0x1234: [07/Dec/2026:19:52:41.295914] id=1 proto=tcpv4 source=127.0.0.1:45086", "  flags=0x10000c4a"));
        Assert.Equal(2, lines.Count);
        Assert.Equal(HaproxyErrorKind.UnexpectedResponse, Assert.Throws<HaproxyCommandException>(() => request.Interpret(Reply("something else"))).Kind);
    }

    [Fact]
    public void ShutdownSession_Answers()
    {
        var request = HaproxyRequests.ShutdownStream("0x1234");
        request.Interpret(CliReply.Empty);
        var gone = Assert.Throws<HaproxyCommandException>(() => request.Interpret(Reply("[3]: No such session (use 'show sess').")));
        Assert.Equal(HaproxyErrorKind.NotFound, gone.Kind);
        Assert.Contains("Stream '0x1234' does not exist", gone.Message, StringComparison.Ordinal);
        Assert.Equal(HaproxyErrorKind.PermissionDenied, Assert.Throws<HaproxyCommandException>(() => request.Interpret(Reply("[3]: Permission denied"))).Kind);
        Assert.Equal(HaproxyErrorKind.UnexpectedResponse, Assert.Throws<HaproxyCommandException>(() => request.Interpret(Reply("Done."))).Kind);
    }

    [Fact]
    public void ShowErrors_Lines()
    {
        Assert.Equal("show errors", HaproxyRequests.GetErrors().Line);
        Assert.Equal("show errors fe1", HaproxyRequests.GetErrors("fe1").Line);
        Assert.Equal("show errors 2 response", HaproxyRequests.GetErrors("2", HaproxyErrorDirection.Response).Line);
        Assert.Equal("show errors -1 request", HaproxyRequests.GetErrors(null, HaproxyErrorDirection.Request).Line);
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetErrors("a b"));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetErrors("x;show sess"));
        var gone = Assert.Throws<HaproxyCommandException>(() => HaproxyRequests.GetErrors("nope").Interpret(Reply("[3]: No such proxy.")));
        Assert.Equal(HaproxyObjectKind.Proxy, gone.MissingKind);
    }

    // As HAProxy 3.4.7 printed it for "GET / HTTP/1.1\r\nHo<st: x\r\nX-Long: y×120\\\t\r\n\r\n" sent to the lab.
    private static readonly string[] Captured =
    {
        "Total events captured on [07/Dec/2026:19:52:53.699] : 2",
        " ",
        "[07/Dec/2026:19:52:53.679] frontend myfrontend1 (#2): invalid request",
        "  backend <NONE> (#-1), server <NONE> (#-1), event #1, src 127.0.0.1:48418",
        "  buffer starts at 0 (including 0 out), 16224 free,",
        "  len 160, wraps at 16344, error at position 18",
        "  H1 connection flags 0x00000000, H1 stream flags 0x00000810",
        "  H1 msg state MSG_HDR_NAME(17), H1 msg flags 0x00001410",
        "  H1 chunk len 0 bytes, H1 body len 0 bytes :",
        "  ",
        "  00000  GET / HTTP/1.1\\r\\n",
        "  00016  Ho<st: x\\r\\n",
        "  00026  X-Long: " + new string('y', 62),
        "  00096+ " + new string('y', 58) + "\\\\\\t\\r\\n",
        "  00158  \\r\\n",
        " ",
        "[08/Dec/2026:01:02:03.004] backend be1 (#3): invalid response",
        "  frontend fe1 (#2), server s1 (#1), event #7, src ::1:5000",
        "  buffer starts at 10 (including 2 out), 100 free,",
        "  len 12, wraps at 16344, error at position 3",
        "  ",
        "  00000  HT\\x01TP \\e\\xfF \\q",
        "  WARNING! update detected on this snapshot, dump interrupted. Please re-check!",
    };

    [Fact]
    public void ShowErrors_TypesEachCapture_AndUnescapesTheBuffer()
    {
        var errors = ErrorSnapshotParser.Parse(Captured);
        Assert.Equal(2, errors.Count);

        var req = errors[0];
        Assert.Equal(("myfrontend1", 2, HaproxyErrorDirection.Request), (req.Proxy, req.ProxyId, req.Direction));
        Assert.Equal(new DateTime(2026, 12, 7, 19, 52, 53, 679), req.Time);
        Assert.Equal(("myfrontend1", (int?)2), (req.Frontend, req.FrontendId));
        Assert.Null(req.Backend);
        Assert.Null(req.BackendId);
        Assert.Null(req.Server);
        Assert.Equal(1, req.EventId);
        Assert.Equal(("127.0.0.1", 48418), (req.SourceAddress, req.SourcePort));
        Assert.Equal((0L, 0L, 16224L, 160L, 16344L, 18L), (req.BufferStart, req.BufferOut, req.BufferFree, req.Length, req.WrapsAt, req.ErrorPosition));
        Assert.Equal(3, req.ParserState.Count);
        Assert.Equal("H1 msg state MSG_HDR_NAME(17), H1 msg flags 0x00001410", req.ParserState[1]);
        string expected = "GET / HTTP/1.1\r\nHo<st: x\r\nX-Long: " + new string('y', 120) + "\\\t\r\n\r\n";
        Assert.Equal(expected, req.Buffer);
        Assert.Equal(160, req.Buffer.Length);
        Assert.Equal('<', req.Buffer[(int)req.ErrorPosition]);
        Assert.False(req.Interrupted);

        var rsp = errors[1];
        Assert.Equal(("be1", 3, HaproxyErrorDirection.Response), (rsp.Proxy, rsp.ProxyId, rsp.Direction));
        Assert.Equal(("fe1", (int?)2, "be1", (int?)3), (rsp.Frontend, rsp.FrontendId, rsp.Backend, rsp.BackendId));
        Assert.Equal(("s1", (int?)1, 7L), (rsp.Server, rsp.ServerId, rsp.EventId));
        Assert.Equal(("::1", 5000), (rsp.SourceAddress, rsp.SourcePort));
        Assert.Empty(rsp.ParserState);
        Assert.Equal("HT\u0001TP \u001b\u00ff \\q", rsp.Buffer);
        Assert.True(rsp.Interrupted);
    }

    [Fact]
    public void ShowErrors_NoCapture_IsEmpty() =>
        Assert.Empty(HaproxyRequests.GetErrors().Interpret(Reply("Total events captured on [07/Dec/2026:19:52:41.789] : 0")));
}
