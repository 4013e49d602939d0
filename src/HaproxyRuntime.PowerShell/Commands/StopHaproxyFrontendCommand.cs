using System.Management.Automation;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Shuts a frontend down (<c>shutdown frontend</c>): its listeners are closed and their ports released until
/// HAProxy reloads; no command opens them again (Disable-HaproxyFrontend only pauses them). Established connections
/// continue.</summary>
[Cmdlet(VerbsLifecycle.Stop, "HaproxyFrontend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(HaproxyFrontend))]
public sealed class StopHaproxyFrontendCommand : HaproxyFrontendChangeCmdlet
{
    protected override CliRequest<CliDone> BuildCommand() => HaproxyRequests.ShutdownFrontend(ProxyName);
}
