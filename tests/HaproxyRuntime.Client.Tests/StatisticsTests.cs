using System;
using System.Collections.Generic;
using System.Linq;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;
using Xunit;

namespace HaproxyRuntime.Client.Tests;

/// <summary>show stat read whole (Get-HaproxyStat), clear counters, show info's typed fields.</summary>
public class StatisticsTests
{
    // A 3.4-shaped header (its columns, in HAProxy's order) with a module column and one a newer HAProxy might add.
    private const string Header =
        "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,status,weight,lastchg,downtime,pid,iid,sid,tracked,type,rate,check_status,check_code,check_duration,lastsess,qtime,ctime,rtime,ttime,addr,mode,algo,agent_status,-,h1_open_connections,brand_new,";

    private static CliReply Reply(params string[] lines) => CliReply.FromLines(lines.ToList());

    private static List<HaproxyStat> Parse(params string[] rows) => StatCsvParser.Stats(new[] { Header }.Concat(rows).ToList());

    [Fact]
    public void EveryRowType_WithNumbersTimesAndStatus()
    {
        var rows = Parse(
            "fe,FRONTEND,,,3,10,2000,55,100,200,OPEN,,,,1,2,0,,0,4,,,,,,,,,,http,,,-,7,x,",
            "fe,sock-1,,,0,0,2000,0,0,0,WAITING,,,,1,2,1,,3,,,,,,,,,,127.0.0.1:80,http,,,-,0,,",
            "be,s1,0,1,2,5,,9,10,20,UP 1/3,1,12,0,1,3,1,,2,1,* L7OK,200,3,-1,1,2,30,40,10.0.0.1:80,http,,,-,,,",
            "be,BACKEND,0,1,2,5,200,9,10,20,DOWN (UNPUB),0,12,77,1,3,0,,1,1,,,,4,1,2,30,40,,http,roundrobin,,-,,,");
        Assert.Equal(new[] { HaproxyStatType.Frontend, HaproxyStatType.Listener, HaproxyStatType.Server, HaproxyStatType.Backend }, rows.Select(r => r.Type));

        var fe = rows[0];
        Assert.Equal("fe", fe.ProxyName);
        Assert.Equal("FRONTEND", fe.ServiceName);
        Assert.Equal(HaproxyStatStatus.Open, fe.Status);
        Assert.Equal(3, fe.CurrentSessions);
        Assert.Equal(2000, fe.SessionLimit);
        Assert.Equal(4, fe.SessionRate);
        Assert.Null(fe.QueueCurrent);           // empty in the dump: not a figure of frontends
        Assert.Null(fe.Weight);
        Assert.Null(fe.LastChange);
        Assert.Null(fe.CheckStatus);
        Assert.Equal("http", fe.Mode);
        Assert.Equal(2, fe.ProxyId);
        Assert.Null(fe.ActiveServers);          // a column this header lacks (an older HAProxy): null

        Assert.Equal(HaproxyStatStatus.Waiting, rows[1].Status);
        Assert.Equal("127.0.0.1:80", rows[1].Address);

        var server = rows[2];
        Assert.Equal(HaproxyStatStatus.Up, server.Status);
        Assert.Equal("UP 1/3", server.StatusText);
        Assert.Equal("L7OK", server.CheckStatus);
        Assert.True(server.CheckInProgress);
        Assert.Equal(200, server.CheckCode);
        Assert.Equal(TimeSpan.FromMilliseconds(3), server.CheckDuration);
        Assert.Equal(TimeSpan.FromSeconds(12), server.LastChange);
        Assert.Null(server.LastSession);        // -1: never a session
        Assert.Equal(TimeSpan.FromMilliseconds(30), server.ResponseTime);
        Assert.Equal(TimeSpan.FromMilliseconds(40), server.TotalTime);
        Assert.Equal(1, server.ServiceId);

        var backend = rows[3];
        Assert.Equal(HaproxyStatStatus.Down, backend.Status);
        Assert.Equal("DOWN (UNPUB)", backend.StatusText);
        Assert.Equal(TimeSpan.FromSeconds(77), backend.Downtime);
        Assert.Equal(TimeSpan.FromSeconds(4), backend.LastSession);
        Assert.Equal("roundrobin", backend.Algorithm);
        Assert.False(backend.CheckInProgress);
    }

    [Fact]
    public void ColumnsWithoutAProperty_AreInOtherFields_InHeaderOrder()
    {
        var fe = Parse("fe,FRONTEND,,,3,10,2000,55,100,200,OPEN,,,,1,2,0,,0,4,,,,,,,,,,http,,,-,7,x,")[0];
        Assert.Equal(new[] { "h1_open_connections", "brand_new" }, fe.OtherFields.Keys);   // not "-", HAProxy's separator
        Assert.Equal("7", fe.OtherFields["h1_open_connections"]);
        Assert.Equal("x", fe.OtherFields["brand_new"]);
    }

    [Theory]
    [InlineData("OPEN", HaproxyStatStatus.Open)]
    [InlineData("FULL", HaproxyStatStatus.Full)]
    [InlineData("WAITING", HaproxyStatStatus.Waiting)]
    [InlineData("PAUSED", HaproxyStatStatus.Paused)]
    [InlineData("STOP", HaproxyStatStatus.Stop)]
    [InlineData("UP", HaproxyStatStatus.Up)]
    [InlineData("UP (UNPUB)", HaproxyStatStatus.Up)]
    [InlineData("DOWN 1/2", HaproxyStatStatus.Down)]
    [InlineData("DOWN (agent)", HaproxyStatStatus.Down)]
    [InlineData("NOLB 1/3", HaproxyStatStatus.NoLB)]
    [InlineData("DRAIN (agent)", HaproxyStatStatus.Drain)]
    [InlineData("MAINT (via b/s)", HaproxyStatStatus.Maint)]
    [InlineData("MAINT (resolution)", HaproxyStatStatus.Maint)]
    [InlineData("no check", HaproxyStatStatus.NoCheck)]
    [InlineData("SOMETHING NEW", HaproxyStatStatus.Unknown)]
    public void StatusWords(string text, HaproxyStatStatus expected) => Assert.Equal(expected, StatCsvParser.StatusOf(text));

    [Fact]
    public void Request_Unfiltered_FiltersTypesOnItsSide()
    {
        var request = HaproxyRequests.GetStats(null, new[] { HaproxyStatType.Backend });
        Assert.Equal("show stat", request.Line);
        Assert.False(request.IsWrite);
        var rows = request.Interpret(Reply(Header,
            "fe,FRONTEND,,,3,10,2000,55,100,200,OPEN,,,,1,2,0,,0,4,,,,,,,,,,http,,,-,7,x,",
            "be,BACKEND,0,1,2,5,200,9,10,20,UP,0,12,77,1,3,0,,1,1,,,,4,1,2,30,40,,http,roundrobin,,-,,,"));
        Assert.Equal("be", Assert.Single(rows).ProxyName);
    }

    [Theory]
    [InlineData(null, "show stat be -1 -1")]
    [InlineData(new[] { HaproxyStatType.Frontend }, "show stat be 1 -1")]
    [InlineData(new[] { HaproxyStatType.Backend, HaproxyStatType.Server }, "show stat be 6 -1")]
    [InlineData(new[] { HaproxyStatType.Listener, HaproxyStatType.Listener }, "show stat be 8 -1")]
    public void Request_OneProxy_AsksHaproxyForItAlone(HaproxyStatType[]? types, string line) =>
        Assert.Equal(line, HaproxyRequests.GetStats("be", types).Line);

    [Theory]
    [InlineData("12abc")]
    [InlineData("-1")]
    [InlineData("007")]
    public void Request_ANameHaproxyWouldReadAsAnId_TakesEveryTypeAndChecksTheName(string name)
    {
        var request = HaproxyRequests.GetStats(name, new[] { HaproxyStatType.Server });
        Assert.Equal($"show stat {name} -1 -1", request.Line);
        // HAProxy answered with the rows of proxy #12 (or every proxy): the name itself does not exist.
        var ex = Assert.Throws<HaproxyCommandException>(() => request.Interpret(Reply(Header, "other,BACKEND,0,1,2,5,200,9,10,20,UP,0,12,77,1,12,0,,1,1,,,,4,1,2,30,40,,http,roundrobin,,-,,,")));
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
        // A proxy of that name: its rows, of the types asked only.
        var rows = request.Interpret(Reply(Header,
            $"{name},BACKEND,0,1,2,5,200,9,10,20,UP,0,12,77,1,12,0,,1,1,,,,4,1,2,30,40,,http,roundrobin,,-,,,",
            $"{name},s1,0,1,2,5,,9,10,20,UP,1,12,0,1,12,1,,2,1,L4OK,,1,-1,1,2,30,40,10.0.0.1:80,http,,,-,,,"));
        Assert.Equal("s1", Assert.Single(rows).ServiceName);
    }

    [Theory]
    [InlineData("0x10")]
    [InlineData("000")]
    [InlineData("web")]
    public void Request_ANameThatIsNoId_KeepsTheTypeMask(string name) =>
        Assert.Equal($"show stat {name} 2 -1", HaproxyRequests.GetStats(name, new[] { HaproxyStatType.Backend }).Line);

    [Fact]
    public void Request_NoSuchProxy_IsNotFound()
    {
        var ex = Assert.Throws<HaproxyCommandException>(() => HaproxyRequests.GetStats("nope").Interpret(Reply("[3]: No such proxy.")));
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
    }

    [Fact]
    public void Request_ProxyName_IsValidated() =>
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetStats("a b"));

    [Theory]
    [InlineData(false, "clear counters")]
    [InlineData(true, "clear counters all")]
    public void ClearCounters_Lines(bool all, string line)
    {
        var request = HaproxyRequests.ClearCounters(all);
        Assert.Equal(line, request.Line);
        Assert.True(request.IsWrite);
        request.Interpret(CliReply.FromLines(new List<string>()));
        var ex = Assert.Throws<HaproxyCommandException>(() => request.Interpret(Reply("[3]: Permission denied")));
        Assert.Equal(HaproxyErrorKind.PermissionDenied, ex.Kind);
    }

    [Fact]
    public void ShowInfo_CommonFieldsTyped_EveryFieldInOrder()
    {
        var info = HaproxyProcessInfo.Parse(new List<string>
        {
            "Name: HAProxy", "Version: 3.4.7-1", "Release_date: 2026/01/15", "Nbthread: 2", "Start_time_sec: 1700000000",
            "Memmax_bytes: 0", "PoolAlloc_bytes: 227816", "PoolUsed_bytes: 100", "Hard_maxconn: 9982", "CurrStreams: 4",
            "CumStreams: 9", "ConnRate: 3", "ConnRateLimit: 55", "MaxConnRate: 7", "SessRate: 2", "SessRateLimit: 0",
            "MaxSessRate: 5", "SslRate: 1", "SslRateLimit: 0", "MaxSslRate: 1", "Idle_pct: 98", "Future_field: x y",
        });
        Assert.Equal(new DateTime(2026, 1, 15), info.ReleaseDate);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), info.StartTime);
        Assert.Equal(227816, info.PoolAllocBytes);
        Assert.Equal(100, info.PoolUsedBytes);
        Assert.Equal(0, info.MemMaxBytes);
        Assert.Equal(9982, info.HardMaxConn);
        Assert.Equal(4, info.CurrentStreams);
        Assert.Equal(9, info.CumulativeStreams);
        Assert.Equal(3, info.ConnRate);
        Assert.Equal(55, info.ConnRateLimit);
        Assert.Equal(7, info.MaxConnRate);
        Assert.Equal(2, info.SessRate);
        Assert.Equal(5, info.MaxSessRate);
        Assert.Equal(1, info.SslRate);
        Assert.Equal(98, info.IdlePercent);
        Assert.Null(info.ThreadGroups);         // not in this answer (before 3.4)
        Assert.Equal("x y", info.Fields["Future_field"]);
        Assert.Equal("Name", info.Fields.Keys.First());
        Assert.Equal("Future_field", info.Fields.Keys.Last());
        // PowerShell reads $info.Fields.Name through the non-generic dictionary.
        var dictionary = Assert.IsAssignableFrom<System.Collections.IDictionary>(info.Fields);
        Assert.Equal("HAProxy", dictionary["Name"]);
        Assert.True(dictionary.IsReadOnly);
    }
}
