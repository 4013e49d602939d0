using System.Management.Automation;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Resumes a frontend stopped by Disable-HaproxyFrontend (<c>enable frontend</c>): its listeners accept connections again.</summary>
[Cmdlet(VerbsLifecycle.Enable, "HaproxyFrontend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(HaproxyFrontend))]
public sealed class EnableHaproxyFrontendCommand : HaproxyFrontendChangeCmdlet
{
    protected override CliRequest<CliDone> BuildCommand() => HaproxyRequests.EnableFrontend(ProxyName);
}
