using System.Management.Automation;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Replaces a map's whole content atomically: <c>prepare map</c>, the new entries into that version (pipelined), then
/// <c>commit map</c>. Traffic sees the old table or the new one, never a mix, at any size. If loading fails, the new
/// version is dropped and the live map is untouched. -WhatIf lists the keys that would be added, removed or changed.
/// </summary>
[Cmdlet(VerbsData.Update, "HaproxyMap", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PipelineSet)]
[OutputType(typeof(HaproxyMap))]
public sealed class UpdateHaproxyMapCommand : HaproxyMapContentCmdlet
{
    /// <summary>Write the map (entry count, versions) after the commit.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override bool PassThruWanted => PassThru;
}
