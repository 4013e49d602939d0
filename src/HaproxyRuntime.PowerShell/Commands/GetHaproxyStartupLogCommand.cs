using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns what HAProxy logged while starting (<c>show startup-logs</c>): one object per message.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyStartupLog")]
[OutputType(typeof(HaproxyStartupLogEntry))]
public sealed class GetHaproxyStartupLogCommand : HaproxySessionCmdlet
{
    protected override void ProcessRecordWithSession(HaproxySession session) =>
        WriteObject(Invoke(session, HaproxyRequests.GetStartupLog()), enumerateCollection: true);
}
