using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Publishes a backend: makes it eligible for traffic (use_backend can select it).</summary>
[Cmdlet(VerbsData.Publish, "HaproxyBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(HaproxyBackend))]
public sealed class PublishHaproxyBackendCommand : HaproxyBackendChangeCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = HaproxyRequests.PublishBackend(BackendName);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
        if (PassThru && ReadBackend(session, BackendName) is { } backend) WriteObject(backend);
    }
}
