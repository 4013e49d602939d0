using System;
using System.Linq;
using HaproxyRuntime.Client.Capabilities;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;
using Xunit;

namespace HaproxyRuntime.Client.Tests;

/// <summary>The master CLI's answers (show proc, reload) as 3.4.7, 3.0.11 and 2.6.12 print them, and the master
/// requests' routing flags. The session's master detection and routing run against real HAProxy (Master.Tests.ps1).</summary>
public class MasterTests
{
    private const string ShowProc34 =
        "#<PID>          <type>          <reloads>       <uptime>        <version>      \n" +
        "13495           master          2 [failed: 1]   0d00h02m07s     3.4.7-1        \n" +
        "# workers\n" +
        "13623           worker          0               0d00h00m01s     3.4.7-1        \n" +
        "# old workers\n" +
        "13496           worker          2               1d02h03m04s     3.4.6-1        ";

    // 3.0 and 2.6 list the programs too; 'show proc debug' adds the IPC descriptors after a tab.
    private const string ShowProc26Debug =
        "#<PID>          <type>          <reloads>       <uptime>        <version>      \t\t <ipc_fd[0]>     <ipc_fd[1]>    \n" +
        "32587           master          0 [failed: 0]   0d00h00m03s     2.6.12-1+deb12u4\t\t 4               5              \n" +
        "# workers\n" +
        "32590           worker          0               0d00h00m03s     2.6.12-1+deb12u4\t\t 7               -1             \n" +
        "# programs\n" +
        "32591           dataplane       0               0d00h00m03s     -              \n" +
        "# old programs\n";

    [Fact]
    public void ShowProc_ReadsMasterCurrentAndOldWorkers()
    {
        var processes = MasterParsers.Processes(ShowProc34.Split('\n'));
        Assert.Equal(new[] { 13495, 13623, 13496 }, processes.Select(p => p.ProcessId));
        var master = processes[0];
        Assert.Equal(HaproxyProcessType.Master, master.Type);
        Assert.Equal(2, master.Reloads);
        Assert.Equal(1, master.FailedReloads);
        Assert.Null(master.Worker);
        Assert.Equal(TimeSpan.FromSeconds(127), master.Uptime);
        var current = processes[1];
        Assert.True(current.IsCurrent);
        Assert.Equal(1, current.RelativeNumber);
        Assert.Equal("1", current.Worker);
        Assert.Null(current.FailedReloads);
        var old = processes[2];
        Assert.False(old.IsCurrent);
        Assert.Null(old.RelativeNumber);
        Assert.Equal("!13496", old.Worker);
        Assert.Equal("3.4.6-1", old.Version);
        Assert.Equal(new TimeSpan(1, 2, 3, 4), old.Uptime);
    }

    [Fact]
    public void ShowProc_ReadsProgramsAndDebugColumns()
    {
        var processes = MasterParsers.Processes(ShowProc26Debug.Split('\n'));
        Assert.Equal(3, processes.Count);
        Assert.Equal("2.6.12-1+deb12u4", processes[1].Version);
        var program = processes[2];
        Assert.Equal(HaproxyProcessType.Program, program.Type);
        Assert.Equal("dataplane", program.Name);
        Assert.Null(program.Version);
        Assert.True(program.IsCurrent);
    }

    [Fact]
    public void ShowProc_UnknownShape_IsAnError()
    {
        Assert.Throws<FormatException>(() => MasterParsers.Processes(new[] { "#<PID> <type>", "# workers", "garbage line" }));
        Assert.Throws<FormatException>(() => MasterParsers.Processes(new[] { "# workers", "13623           worker          0               0d00h00m01s     3.4.7-1" }));
    }

    [Fact]
    public void GetProcesses_EmptyAnswer_IsPermissionDenied_AndRequestGoesToTheMaster()
    {
        var request = HaproxyRequests.GetProcesses();
        Assert.True(request.ForMaster);
        var ex = Assert.Throws<HaproxyCommandException>(() => request.Interpret(CliReply.Empty));
        Assert.Equal(HaproxyErrorKind.PermissionDenied, ex.Kind);
        var unknown = Assert.Throws<HaproxyCommandException>(() => request.Interpret(CliReply.FromLines(new System.Collections.Generic.List<string> { "Unknown command: 'show', but maybe one of the following ones is a better match:", "  show proc : x" })));
        Assert.Equal(HaproxyErrorKind.InvalidArgument, unknown.Kind);
    }

    [Fact]
    public void Reload_ReadsTheVerdictAndTheStartupLog()
    {
        var request = HaproxyRequests.Reload(false, TimeSpan.FromSeconds(30));
        Assert.True(request.ForMaster);
        Assert.True(request.IsWrite);
        Assert.Equal(TimeSpan.FromSeconds(30), request.ExtraReadTime);
        var ok = request.Interpret(CliReply.FromLines(new System.Collections.Generic.List<string> { "Success=1", "--", "[NOTICE]   (13495) : Initializing new worker (13623)", "[NOTICE]   (13495) : Loading success." }))!;
        Assert.True(ok.Success);
        Assert.Equal(2, ok.Log.Count);
        Assert.Equal("NOTICE", ok.Log[0].Level);
        var failed = request.Interpret(CliReply.FromLines(new System.Collections.Generic.List<string> { "Success=0", "--", "[ALERT]    (13700) : config : parsing [h.cfg:3]: unknown keyword 'Aglobal' out of section.", "[WARNING]  (13700) : Loading failure!" }))!;
        Assert.False(failed.Success);
        Assert.Equal("ALERT", failed.Log[0].Level);
        var busy = request.Interpret(CliReply.FromLines(new System.Collections.Generic.List<string> { "Success=0", "--", "Another reload is still in progress." }))!;
        Assert.False(busy.Success);
        Assert.Null(request.Interpret(CliReply.Empty));
    }

    [Fact]
    public void HardReload_NeedsThreeDotZero_ReloadStatusToo()
    {
        var hard = HaproxyRequests.Reload(true, TimeSpan.FromSeconds(1));
        Assert.Equal("hard-reload", hard.Line);
        Assert.Equal(HaproxyFeature.HardReload, hard.RequiredFeature);
        Assert.False(HaproxyCapabilities.Supports(new Version(2, 6, 12), HaproxyFeature.HardReload));
        Assert.True(HaproxyCapabilities.Supports(new Version(3, 0, 11), HaproxyFeature.ReloadStatus));
        Assert.False(HaproxyCapabilities.Supports(new Version(3, 0, 11), HaproxyFeature.MasterWorkerSession));
        Assert.True(HaproxyCapabilities.Supports(new Version(3, 2, 0), HaproxyFeature.MasterWorkerSession));
    }

    [Fact]
    public void RawOnMaster_IsAMasterRequest()
    {
        Assert.True(HaproxyRequests.Raw("show proc", onMaster: true).ForMaster);
        Assert.False(HaproxyRequests.Raw("show info").ForMaster);
    }

    [Fact]
    public async System.Threading.Tasks.Task WorkerSocket_RefusesMasterCommandsAndRoutes_BeforeSending()
    {
        using var server = FakeHaproxyServer.StartTcp();
        using var session = await TestHarness.ConnectAsync(server);
        Assert.False(session.IsMaster);
        var ex = Assert.Throws<HaproxyException>(() => session.EnsureSendable(HaproxyRequests.GetProcesses()));
        Assert.Equal(HaproxyErrorKind.NotSupported, ex.Kind);
        Assert.Equal(HaproxyErrorKind.NotSupported, Assert.Throws<HaproxyException>(() => session.Route("1")).Kind);
        Assert.Throws<HaproxyArgumentException>(() => session.Route("1;show info"));
        Assert.Equal(0, server.CountCommand("show proc"));
    }
}
