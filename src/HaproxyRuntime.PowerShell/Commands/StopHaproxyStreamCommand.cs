using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Shuts one of HAProxy's streams down (<c>shutdown session &lt;id&gt;</c>): HAProxy closes its client and
/// server connections at once, as killed. By id, or piped from Get-HaproxyStream.</summary>
[Cmdlet(VerbsLifecycle.Stop, "HaproxyStream", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class StopHaproxyStreamCommand : HaproxySessionCmdlet
{
    /// <summary>The stream(s), as HAProxy prints their ids ("0x…"); a piped HaproxyStream gives its Id.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Id { get; set; } = System.Array.Empty<string>();

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        foreach (var id in Id)
        {
            Guarded(() =>
            {
                var command = HaproxyRequests.ShutdownStream(id);
                if (ShouldProcess(command)) Invoke(session, command);
            }, id);
        }
    }
}
