using System.Management.Automation;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Replaces an ACL's whole pattern list atomically: <c>prepare acl</c>, the new patterns into that version
/// (pipelined), then <c>commit acl</c>. Traffic sees the old list or the new one, never a mix. If loading fails, the new
/// version is dropped and the live ACL is untouched. -WhatIf lists the patterns that would be added or removed.
/// </summary>
[Cmdlet(VerbsData.Update, "HaproxyAcl", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(HaproxyAcl))]
public sealed class UpdateHaproxyAclCommand : HaproxyAclContentCmdlet
{
    /// <summary>Write the ACL (entry count, versions) after the commit.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override bool PassThruWanted => PassThru;
}
