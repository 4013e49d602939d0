using System;
using System.Collections.Generic;
using System.Linq;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;
using Xunit;

namespace HaproxyRuntime.Client.Tests;

public class ServersStateParserTests
{
    /// <summary>Verbatim 'show servers state' output of HAProxy 3.4.7 (without the terminating blank line).</summary>
    internal const string ServersState =
        FakeHaproxyServer.ServersStateHeader + "\n" +
        "4 mybackend1 2 web2 127.0.0.1 0 1 5 5 0 1 0 0 2 0 0 0 - 18081 - 0 18081 - - 18081\n" +
        "4 mybackend1 1 web1 172.16.0.12 0 1 1 1 0 1 0 0 0 0 0 0 - 8080 - 0 0 - - 0";

    internal static List<string> Lines(string text) => text.Split('\n').ToList();

    [Fact]
    public void Parses_Verified347Output()
    {
        var servers = ServersStateParser.Parse(Lines(ServersState));
        Assert.Equal(2, servers.Count);

        var web2 = servers[0];
        Assert.Equal("mybackend1", web2.Backend);
        Assert.Equal("web2", web2.Name);
        Assert.Equal("mybackend1/web2", web2.FullName);
        Assert.Equal("mybackend1/web2", web2.ToString());
        Assert.Equal(4, web2.BackendId);
        Assert.Equal(2, web2.Id);
        Assert.Equal("127.0.0.1", web2.Address);
        Assert.Equal(18081, web2.Port);
        Assert.Null(web2.Fqdn);
        Assert.Equal(HaproxyServerOperationalState.Stopped, web2.OperationalState);
        Assert.Equal(HaproxyServerAdminFlags.ForcedMaint, web2.AdminFlags);
        Assert.Equal(HaproxyServerState.Maint, web2.AdminState);
        Assert.Equal(5, web2.Weight);
        Assert.Equal(5, web2.InitialWeight);
        Assert.Equal(2, web2.CheckState);
        Assert.True(web2.HealthCheckConfigured);
        Assert.False(web2.HealthCheckEnabled);
        Assert.Equal(18081, web2.CheckPort);
        Assert.Null(web2.CheckAddress);
        Assert.False(web2.UseSsl);
        Assert.Equal(TimeSpan.Zero, web2.SinceLastChange);
        Assert.Null(web2.GetSession());

        var web1 = servers[1];
        Assert.Equal("web1", web1.Name);
        Assert.Equal(1, web1.Id);
        Assert.Equal("172.16.0.12", web1.Address);
        Assert.Equal(8080, web1.Port);
        Assert.Null(web1.CheckPort);
        Assert.Equal(1, web1.Weight);
        Assert.Equal(0, web1.CheckState);
        Assert.False(web1.HealthCheckConfigured);
        Assert.False(web1.HealthCheckEnabled);
        Assert.Equal(HaproxyServerState.Maint, web1.AdminState);
    }

    [Fact]
    public void Parses_ThroughCommandInterpretation()
    {
        var servers = HaproxyRequests.GetServers("mybackend1").Interpret(CliReply.FromLines(Lines(ServersState)));
        Assert.Equal(new[] { "web2", "web1" }, servers.Select(s => s.Name));
    }

    [Theory]
    [InlineData(0, HaproxyServerState.Ready)]
    [InlineData(1, HaproxyServerState.Maint)]
    [InlineData(2, HaproxyServerState.Maint)]
    // 0x04 (configured 'disabled') and 0x40 (FQDN changed) are markers outside HAProxy's SRV_ADMF_MAINT mask (0x23).
    [InlineData(4, HaproxyServerState.Ready)]
    [InlineData(5, HaproxyServerState.Maint)]
    [InlineData(0x44 | 0x08, HaproxyServerState.Drain)]
    [InlineData(8, HaproxyServerState.Drain)]
    [InlineData(16, HaproxyServerState.Drain)]
    [InlineData(9, HaproxyServerState.Maint)]
    [InlineData(32, HaproxyServerState.Maint)]
    [InlineData(64, HaproxyServerState.Ready)]
    [InlineData(0x60, HaproxyServerState.Maint)]
    public void AdminState_FromFlags(int flags, HaproxyServerState expected)
    {
        string text = ServersState.Split('\n')[0] + "\n" + ServersState.Split('\n')[1] + "\n" +
                      $"3 be1 1 s1 10.0.0.1 2 {flags} 15 10 120 6 3 4 6 0 0 0 s1.example.com 80 - 1 8081 10.0.0.9 - 0";
        var s = Assert.Single(ServersStateParser.Parse(Lines(text)));
        Assert.Equal(expected, s.AdminState);
        Assert.Equal((HaproxyServerAdminFlags)flags, s.AdminFlags);
        Assert.Equal(HaproxyServerOperationalState.Running, s.OperationalState);
        Assert.Equal(15, s.Weight);
        Assert.Equal(10, s.InitialWeight);
        Assert.Equal(TimeSpan.FromSeconds(120), s.SinceLastChange);
        Assert.Equal("s1.example.com", s.Fqdn);
        Assert.True(s.UseSsl);
        Assert.Equal(8081, s.CheckPort);
        Assert.Equal("10.0.0.9", s.CheckAddress);
        Assert.True(s.HealthCheckConfigured);
        Assert.True(s.HealthCheckEnabled);
    }

    [Fact]
    public void HeaderOnly_NoServers()
    {
        Assert.Empty(ServersStateParser.Parse(Lines(ServersState).Take(2).ToList()));
        Assert.Empty(ServersStateParser.Parse(new List<string>()));
    }

    [Fact]
    public void ColumnsFoundByName_NotPosition()
    {
        var lines = new List<string>
        {
            "2",
            "# srv_name be_name be_id srv_id srv_addr new_column srv_port",
            "web9 be7 7 9 10.1.1.1 whatever 8443",
        };
        var s = Assert.Single(ServersStateParser.Parse(lines));
        Assert.Equal("be7", s.Backend);
        Assert.Equal("web9", s.Name);
        Assert.Equal(7, s.BackendId);
        Assert.Equal(9, s.Id);
        Assert.Equal(8443, s.Port);
        Assert.Null(s.CheckPort);
    }

    [Fact]
    public void MissingHeader_IsProtocolError()
    {
        var ex = Assert.Throws<HaproxyProtocolException>(() => ServersStateParser.Parse(new List<string> { "Can't find backend." }));
        Assert.Contains("without its header", ex.Message);
    }
}

public class StatCsvParserTests
{
    internal static readonly string[] Header =
    (
        "pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck," +
        "chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status," +
        "check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot," +
        "cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status," +
        "agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health," +
        "addr,cookie,mode,algo,conn_rate,conn_rate_max,conn_tot,intercepted,dcon,dses,wrew,connect,reuse,cache_lookups,cache_hits," +
        "srv_icur,src_ilim,qtime_max,ctime_max,rtime_max,ttime_max,eint,idle_conn_cur,safe_conn_cur,used_conn_cur,need_conn_est," +
        "uweight,agg_server_status,agg_server_check_status,agg_check_status,srid"
    ).Split(',');

    /// <summary>One CSV row the way HAProxy writes it: every column, values already CSV-encoded, trailing ','.</summary>
    internal static string Row(params (string Column, string Value)[] values)
    {
        var cells = new string[Header.Length];
        for (int i = 0; i < cells.Length; i++) cells[i] = "";
        foreach (var (column, value) in values)
        {
            int i = Array.IndexOf(Header, column);
            if (i < 0) throw new ArgumentException("unknown column " + column);
            cells[i] = value;
        }
        return string.Join(",", cells) + ",";
    }

    internal static List<string> SampleCsv() => new List<string>
    {
        "# " + string.Join(",", Header) + ",",
        Row(("pxname", "stats"), ("svname", "FRONTEND"), ("scur", "1"), ("stot", "7"), ("status", "OPEN"), ("pid", "1"), ("iid", "2"), ("type", "0"), ("mode", "http")),
        Row(("pxname", "mybackend1"), ("svname", "web1"), ("status", "DOWN"), ("weight", "1"), ("act", "1"), ("iid", "4"), ("sid", "1"), ("type", "2"),
            ("check_status", "L4CON"), ("check_desc", "\"Layer4 connection problem, info: \"\"Connection refused\"\"\""), ("addr", "172.16.0.12:8080"), ("mode", "http")),
        Row(("pxname", "mybackend1"), ("svname", "BACKEND"), ("scur", "3"), ("smax", "9"), ("stot", "42"), ("status", "UP"), ("weight", "6"), ("act", "2"),
            ("bck", "1"), ("pid", "1"), ("iid", "4"), ("type", "1"), ("cookie", "\"SRV,ID\""), ("mode", "http"), ("algo", "roundrobin")),
        Row(("pxname", "dynbe"), ("svname", "BACKEND"), ("stot", "0"), ("status", "DOWN (UNPUB)"), ("weight", "0"), ("act", "0"), ("bck", "0"),
            ("pid", "1"), ("iid", "5"), ("type", "1"), ("mode", "tcp"), ("algo", "leastconn")),
    };

    [Fact]
    public void Backends_FromRealisticCsv()
    {
        var backends = StatCsvParser.Backends(SampleCsv());
        Assert.Equal(2, backends.Count);

        var b1 = backends[0];
        Assert.Equal("mybackend1", b1.Name);
        Assert.Equal("mybackend1", b1.ToString());
        Assert.Equal(4, b1.Id);
        Assert.Equal("UP", b1.Status);
        Assert.True(b1.Published);
        Assert.Equal("http", b1.Mode);
        Assert.Equal("roundrobin", b1.Algorithm);
        Assert.Equal(2, b1.ActiveServers);
        Assert.Equal(1, b1.BackupServers);
        Assert.Equal(3, b1.CurrentSessions);
        Assert.Equal(42, b1.TotalSessions);
        Assert.Equal(6, b1.Weight);

        var dyn = backends[1];
        Assert.Equal("dynbe", dyn.Name);
        Assert.Equal(5, dyn.Id);
        Assert.Equal("DOWN", dyn.Status);
        Assert.False(dyn.Published);
        Assert.Equal("tcp", dyn.Mode);
        Assert.Equal("leastconn", dyn.Algorithm);
        Assert.Equal(0, dyn.ActiveServers);
    }

    [Fact]
    public void Rows_QuotedFieldWithCommaDoesNotShiftColumns()
    {
        var rows = StatCsvParser.Rows(SampleCsv()).ToList();
        Assert.Equal(4, rows.Count);
        var web1 = rows[1];
        Assert.Equal("web1", web1["svname"]);
        Assert.Equal("Layer4 connection problem, info: \"Connection refused\"", web1["check_desc"]);
        Assert.Equal("172.16.0.12:8080", web1["addr"]);
        Assert.Equal("http", web1["mode"]);
        Assert.Equal("", web1["algo"]);
        Assert.Equal("SRV,ID", rows[2]["cookie"]);
        Assert.Equal("roundrobin", rows[2]["algo"]);
        Assert.Equal(Header.Length, rows[2].Count);
    }

    [Fact]
    public void Split_HonoursQuotesAndTrailingComma()
    {
        Assert.Equal(new[] { "a", "b", "" }, StatCsvParser.Split("a,b,"));
        Assert.Equal(new[] { "a,b", "c" }, StatCsvParser.Split("\"a,b\",c"));
        Assert.Equal(new[] { "say \"hi\"", "" }, StatCsvParser.Split("\"say \"\"hi\"\"\","));
        Assert.Equal(new[] { "" }, StatCsvParser.Split(""));
        Assert.Equal(new[] { "", "", "" }, StatCsvParser.Split(",,"));
    }

    [Fact]
    public void Rows_IgnoreLinesBeforeHeaderAndEmptyLines()
    {
        var lines = new List<string> { "garbage,row", "", "# pxname,svname,status,", "be,BACKEND,UP,", "" };
        var row = Assert.Single(StatCsvParser.Rows(lines));
        Assert.Equal("be", row["pxname"]);
        Assert.Equal("UP", row["status"]);
    }

    [Fact]
    public void Backends_ThroughCommandInterpretation()
    {
        var backends = HaproxyRequests.GetBackends().Interpret(CliReply.FromLines(SampleCsv()));
        Assert.Equal(new[] { "mybackend1", "dynbe" }, backends.Select(b => b.Name));
    }

    [Fact]
    public void Backends_MissingNumbersAreZero()
    {
        var lines = new List<string> { "# pxname,svname,status,", "be,BACKEND,MAINT," };
        var b = Assert.Single(StatCsvParser.Backends(lines));
        Assert.Equal(0, b.Id);
        Assert.Equal("MAINT", b.Status);
        Assert.Null(b.Mode);
        Assert.Null(b.Algorithm);
        Assert.True(b.Published);
    }
}

public class MapParserTests
{
    [Fact]
    public void Parses_ShowMapLines()
    {
        var entries = MapParser.Parse("virt@paths.map", new List<string>
        {
            "0x7f4c96876a80 /test mybackend1",
            "0x7f4c96876b00 /api v a l",
            "0x7f4c96876c00 lonely",
        });
        Assert.Equal(3, entries.Count);

        Assert.Equal("virt@paths.map", entries[0].Map);
        Assert.Equal("/test", entries[0].Key);
        Assert.Equal("mybackend1", entries[0].Value);
        Assert.Equal("#0x7f4c96876a80", entries[0].Ref);
        Assert.Equal("/test mybackend1", entries[0].ToString());

        Assert.Equal("/api", entries[1].Key);
        Assert.Equal("v a l", entries[1].Value);
        Assert.Equal("#0x7f4c96876b00", entries[1].Ref);

        Assert.Equal("lonely", entries[2].Key);
        Assert.Equal("", entries[2].Value);
    }

    [Fact]
    public void SkipsLinesWithoutReference()
    {
        Assert.Empty(MapParser.Parse("m", new List<string> { "", "noref", " leadingspace x" }));
    }

    [Fact]
    public void RefRoundTripsIntoDelete()
    {
        var e = MapParser.Parse("m", new List<string> { "0x55d0c1a2b3c0 k v" })[0];
        Assert.Equal("del map m #0x55d0c1a2b3c0", HaproxyRequests.RemoveMapEntryByRef(e.Map, e.Ref!).Line);
    }

    [Fact]
    public void ThroughCommandInterpretation()
    {
        var c = HaproxyRequests.GetMapEntries("/etc/haproxy/paths.map");
        var entries = c.Interpret(CliReply.FromLines(new List<string> { "0x1 /a b", "0x2 /c d" }));
        Assert.Equal(new[] { "/a", "/c" }, entries.Select(e => e.Key));
        Assert.All(entries, e => Assert.Equal("/etc/haproxy/paths.map", e.Map));
    }
}

public class ProcessInfoTests
{
    [Fact]
    public void Parses_ShowInfo()
    {
        var lines = new List<string>
        {
            "Name: HAProxy",
            "Version: 3.4.7-1",
            "Release_date: 2026/01/15",
            "Nbthread: 4",
            "Nbproc: 1",
            "Process_num: 1",
            "Pid: 4242",
            "Uptime: 0d 1h01m01s",
            "Uptime_sec: 3661",
            "Maxconn: 4096",
            "CurrConns: 3",
            "CumConns: 1000000000000",
            "CumReq: 77",
            "Stopping: 1",
            "node: lb1",
            "description: front: edge",
            "junk line without colon",
        };
        var info = HaproxyProcessInfo.Parse(lines);
        Assert.Equal("HAProxy", info.Name);
        Assert.Equal("3.4.7-1", info.Version);
        Assert.Equal(new DateTime(2026, 1, 15), info.ReleaseDate);
        Assert.Equal(4242, info.ProcessId);
        Assert.Equal(4, info.Threads);
        Assert.Equal(3661, info.UptimeSeconds);
        Assert.Equal(TimeSpan.FromSeconds(3661), info.Uptime);
        Assert.Equal(4096, info.MaxConn);
        Assert.Equal(3, info.CurrentConnections);
        Assert.Equal(1000000000000L, info.CumulativeConnections);
        Assert.Equal(77, info.CumulativeRequests);
        Assert.True(info.Stopping);
        Assert.Equal("lb1", info.Node);
        Assert.Equal("front: edge", info.Fields["description"]);
        Assert.Equal("0d 1h01m01s", info.Fields["Uptime"]);
        Assert.False(info.Fields.ContainsKey("junk line without colon"));
    }

    [Fact]
    public void MissingFieldsAreNull_StoppingFalse()
    {
        var info = HaproxyProcessInfo.Parse(new List<string> { "Name: HAProxy", "Stopping: 0", "Pid: notanumber" });
        Assert.Null(info.Version);
        Assert.Null(info.ProcessId);
        Assert.Null(info.Node);
        Assert.Null(info.Uptime);
        Assert.False(info.Stopping);
    }

    [Fact]
    public void ShowInfoCommand_Interprets()
    {
        var info = HaproxyRequests.ShowInfo().Interpret(CliReply.FromLines(new List<string> { "Name: HAProxy", "Version: 3.4.7-1", "Pid: 123" }));
        Assert.Equal(123, info.ProcessId);
        Assert.False(info.Stopping);
    }
}
