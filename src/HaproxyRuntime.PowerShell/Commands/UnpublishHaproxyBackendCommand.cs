using System.Management.Automation;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Unpublishes a backend: takes it out of traffic selection, a step before removing it.</summary>
[Cmdlet(VerbsData.Unpublish, "HaproxyBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(HaproxyBackend))]
public sealed class UnpublishHaproxyBackendCommand : HaproxyBackendChangeCmdlet
{
    protected override CliRequest<CliDone> BuildCommand() => HaproxyRequests.UnpublishBackend(ProxyName);
}
