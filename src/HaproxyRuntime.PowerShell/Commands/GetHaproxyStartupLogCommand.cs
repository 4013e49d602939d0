using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns what HAProxy logged while starting (<c>show startup-logs</c>): one object per message; with -Master,
/// what the master logged for the last start or reload.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyStartupLog")]
[OutputType(typeof(HaproxyStartupLogEntry))]
public sealed class GetHaproxyStartupLogCommand : HaproxySessionCmdlet
{
    /// <summary>On a master CLI session: the master's log of the last start or reload — a failed reload's included —
    /// instead of the worker's own start.</summary>
    [Parameter]
    public SwitchParameter Master { get; set; }

    protected override bool RoutesToWorker => !Master;

    protected override void ProcessRecordWithSession(HaproxySession session) =>
        WriteObject(Invoke(session, Master ? HaproxyRequests.GetMasterStartupLog() : HaproxyRequests.GetStartupLog()), enumerateCollection: true);
}
