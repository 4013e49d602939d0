using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Commands;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Removes map entries: every entry with -Key (<c>del map m key</c>), or exactly one entry by -Ref, which
/// is what piping Get-HaproxyMapEntry uses, so duplicates are removed one by one.</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyMapEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByRefSet)]
[OutputType(typeof(void))]
public sealed class RemoveHaproxyMapEntryCommand : HaproxySessionCmdlet
{
    private const string ByKeySet = "ByKey";
    private const string ByRefSet = "ByRef";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Map { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByKeySet, ValueFromPipelineByPropertyName = true)]
    public string Key { get; set; } = string.Empty;

    /// <summary>The entry reference (#0x...) from Get-HaproxyMapEntry.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByRefSet, ValueFromPipelineByPropertyName = true)]
    public string Ref { get; set; } = string.Empty;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = ParameterSetName == ByRefSet
            ? HaproxyCommands.RemoveMapEntryByRef(Map, Ref)
            : HaproxyCommands.RemoveMapEntry(Map, Key);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
    }
}
