using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell;

/// <summary>Shape shared by the cmdlets that change one frontend: -Name, or a piped HaproxyFrontend (or string) by
/// value — like the backend cmdlets, never another object's Name — and -PassThru re-reading it.</summary>
public abstract class HaproxyFrontendChangeCmdlet : HaproxySessionCmdlet
{
    protected const string ByNameSet = "ByName";
    protected const string ByObjectSet = "ByObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByNameSet)]
    public string Name { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = ByObjectSet, ValueFromPipeline = true)]
    public HaproxyFrontend? InputObject { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected string FrontendName => InputObject?.Name ?? Name;

    protected abstract CliRequest<CliDone> BuildCommand();

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = BuildCommand();
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
        if (PassThru)
        {
            WriteObject(WildcardFilter.Apply(this, Invoke(session, HaproxyRequests.GetFrontends()), new[] { FrontendName }, f => f.Name, "Frontend").ToList(), enumerateCollection: true);
        }
    }
}
