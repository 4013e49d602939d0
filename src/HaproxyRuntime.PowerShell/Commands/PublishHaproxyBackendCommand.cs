using System;
using System.Management.Automation;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Publishes a backend: makes it eligible for traffic (use_backend can select it). With -WaitHealthy, only
/// once one of its servers is in service and has passed its health check, so no request meets a backend without one.</summary>
[Cmdlet(VerbsData.Publish, "HaproxyBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(HaproxyBackend))]
public sealed class PublishHaproxyBackendCommand : HaproxyBackendChangeCmdlet
{
    /// <summary>Publish only once a server of the backend is healthy (in service, health check passed or none);
    /// after -Timeout, nothing is published and HaproxyWaitTimeout says what each server is.</summary>
    [Parameter]
    public SwitchParameter WaitHealthy { get; set; }

    /// <summary>How long -WaitHealthy waits (2s, 500ms, a TimeSpan, or seconds).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    protected override CliRequest<CliDone> BuildCommand() => HaproxyRequests.PublishBackend(ProxyName);

    protected override CliRequest<CliDone>? BuildPrecondition() =>
        WaitHealthy ? HaproxyRequests.WaitBackendHealthy(ProxyName, Timeout) : null;
}
