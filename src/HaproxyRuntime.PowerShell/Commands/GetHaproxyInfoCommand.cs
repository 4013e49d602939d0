using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns the worker's process information (<c>show info</c>): version, PID, uptime, connections.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyInfo")]
[OutputType(typeof(HaproxyProcessInfo))]
public sealed class GetHaproxyInfoCommand : HaproxySessionCmdlet
{
    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        WriteObject(Invoke(session, HaproxyRequests.ShowInfo()));
    }
}
