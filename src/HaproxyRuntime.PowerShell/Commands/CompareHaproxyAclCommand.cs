using System.Management.Automation;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Lists how a new pattern list differs from a live ACL, as objects (one per pattern added or removed), taking the
/// patterns as Update-HaproxyAcl does; nothing is changed. The same differences Update-HaproxyAcl -WhatIf prints.
/// </summary>
[Cmdlet(VerbsData.Compare, "HaproxyAcl")]
[OutputType(typeof(HaproxyAclDifference))]
public sealed class CompareHaproxyAclCommand : HaproxyAclContentCmdlet
{
    protected override bool Compares => true;
}
