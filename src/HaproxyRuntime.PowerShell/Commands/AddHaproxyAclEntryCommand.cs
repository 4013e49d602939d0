using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Adds patterns to an ACL (<c>add acl</c>). Many patterns (an array, or piped) are sent pipelined.</summary>
[Cmdlet(VerbsCommon.Add, "HaproxyAclEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(HaproxyAclEntry))]
public sealed class AddHaproxyAclEntryCommand : HaproxyBatchingCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.AclCompleter))]
    public string Acl { get; set; } = string.Empty;

    /// <summary>Pattern(s) to add: an IP or network, a string, a regex..., as the ACL's match method reads them.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[] Pattern { get; set; } = System.Array.Empty<string>();

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override int CommandsPerBatch => 5000;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        foreach (var pattern in Pattern)
        {
            var command = HaproxyRequests.AddAclEntry(Acl, pattern);
            if (ShouldProcess(command)) Enqueue(session, command, command.Target, new HaproxyAclEntry(Acl, pattern));
        }
    }

    protected override void OnBatchSent(HaproxySession session, IReadOnlyList<object?> succeeded)
    {
        if (!PassThru) return;
        foreach (var item in succeeded)
        {
            if (!(item is HaproxyAclEntry entry)) continue;
            entry.AttachTo(session);
            WriteObject(entry);
        }
    }
}
