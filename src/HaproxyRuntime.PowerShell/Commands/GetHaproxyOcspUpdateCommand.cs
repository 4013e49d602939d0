using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns the OCSP responses under HAProxy's automatic update, with their schedule and counters
/// (<c>show ssl ocsp-updates</c>, admin level, HAProxy 2.8+).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyOcspUpdate")]
[OutputType(typeof(HaproxyOcspUpdate))]
public sealed class GetHaproxyOcspUpdateCommand : HaproxySessionCmdlet
{
    protected override void ProcessRecordWithSession(HaproxySession session) =>
        WriteObject(Invoke(session, HaproxyRequests.GetOcspUpdates()), enumerateCollection: true);
}
