using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Unpublishes a backend: takes it out of traffic selection, a step before removing it.</summary>
[Cmdlet(VerbsData.Unpublish, "HaproxyBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(HaproxyBackend))]
public sealed class UnpublishHaproxyBackendCommand : HaproxyBackendChangeCmdlet
{
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = HaproxyRequests.UnpublishBackend(BackendName);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
        if (PassThru && ReadBackend(session, BackendName) is { } backend) WriteObject(backend);
    }
}
