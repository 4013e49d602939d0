using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists the processes of a master-worker HAProxy (<c>show proc</c> on the master CLI): the master, the
/// current worker(s) and old workers still finishing their connections after a reload.</summary>
/// <remarks>Needs a session connected to the master CLI (<c>haproxy -W -S &lt;socket&gt;</c>). -Worker keeps the one
/// process it names instead of routing the command, which is the master's own.</remarks>
[Cmdlet(VerbsCommon.Get, "HaproxyProcess")]
[OutputType(typeof(HaproxyProcess))]
public sealed class GetHaproxyProcessCommand : HaproxySessionCmdlet
{
    /// <summary>Only processes of this type (Master, Worker, Program).</summary>
    [Parameter]
    public HaproxyProcessType[]? Type { get; set; }

    protected override bool RoutesToWorker => false;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var processes = Invoke(session, HaproxyRequests.GetProcesses());
        var kept = processes.Where(p => Type is null || Type.Contains(p.Type));
        if (Worker != null)
        {
            string wanted = Worker.TrimStart('@');
            kept = kept.Where(p => p.Worker == wanted || "!" + p.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) == wanted).ToList();
            if (!kept.Any())
            {
                WriteError(ErrorRecordFactory.NotFound($"No process of {session.Name} is worker '{Worker}'. Get-HaproxyProcess lists them.", Worker));
                return;
            }
        }
        WriteObject(kept, enumerateCollection: true);
    }
}
