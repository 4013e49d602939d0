using System.Management.Automation;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Stops a frontend's listeners from accepting new connections (<c>disable frontend</c>); established connections continue.</summary>
[Cmdlet(VerbsLifecycle.Disable, "HaproxyFrontend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(HaproxyFrontend))]
public sealed class DisableHaproxyFrontendCommand : HaproxyFrontendChangeCmdlet
{
    protected override CliRequest<CliDone> BuildCommand() => HaproxyRequests.DisableFrontend(ProxyName);
}
