using System.Management.Automation;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Lists how a new content differs from a live map, as objects (one per key added, changed or removed), taking the
/// content as Update-HaproxyMap does; nothing is changed. The same differences Update-HaproxyMap -WhatIf prints.
/// </summary>
[Cmdlet(VerbsData.Compare, "HaproxyMap", DefaultParameterSetName = PipelineSet)]
[OutputType(typeof(HaproxyMapDifference))]
public sealed class CompareHaproxyMapCommand : HaproxyMapContentCmdlet
{
    protected override bool Compares => true;
}
