using System.Management.Automation;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Changes a frontend's maxconn at run time (<c>set maxconn frontend</c>).</summary>
[Cmdlet(VerbsCommon.Set, "HaproxyFrontend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(HaproxyFrontend))]
public sealed class SetHaproxyFrontendCommand : HaproxyFrontendChangeCmdlet
{
    [Parameter(Mandatory = true)]
    [ValidateRange(0, int.MaxValue)]
    public int MaxConn { get; set; }

    protected override CliRequest<CliDone> BuildCommand() => HaproxyRequests.SetFrontendMaxConn(ProxyName, MaxConn);
}
