using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Removes every entry of a map (<c>clear map</c>).</summary>
[Cmdlet(VerbsCommon.Clear, "HaproxyMap", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(HaproxyMap))]
public sealed class ClearHaproxyMapCommand : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.MapCompleter))]
    public string Map { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = HaproxyRequests.ClearMap(Map);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
        if (PassThru) WriteObject(ReadChangedList(session, HaproxyRequests.GetMaps(), Map, "Map"), enumerateCollection: true);
    }
}
