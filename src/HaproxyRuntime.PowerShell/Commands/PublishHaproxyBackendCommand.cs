using System.Management.Automation;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Publishes a backend: makes it eligible for traffic (use_backend can select it).</summary>
[Cmdlet(VerbsData.Publish, "HaproxyBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(HaproxyBackend))]
public sealed class PublishHaproxyBackendCommand : HaproxyBackendChangeCmdlet
{
    protected override CliRequest<CliDone> BuildCommand() => HaproxyRequests.PublishBackend(ProxyName);
}
