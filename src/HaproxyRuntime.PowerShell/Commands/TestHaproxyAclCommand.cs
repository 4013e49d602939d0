using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Asks HAProxy whether a sample matches an ACL, with the ACL's own match method (<c>get acl</c>): e.g. does
/// client address 10.0.0.7 fall in a blocked network. Returns one result per sample with Found and the matching
/// pattern; -Quiet returns just $true/$false.</summary>
[Cmdlet(VerbsDiagnostic.Test, "HaproxyAcl")]
[OutputType(typeof(HaproxyPatternMatch), typeof(bool))]
public sealed class TestHaproxyAclCommand : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.AclCompleter))]
    public string Acl { get; set; } = string.Empty;

    /// <summary>The value(s) to test, as traffic would present them (an address, a path, a header value...).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    public string[] Sample { get; set; } = System.Array.Empty<string>();

    /// <summary>Return only whether each sample matches.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        foreach (var sample in Sample)
        {
            var result = Invoke(session, HaproxyRequests.MatchAcl(Acl, sample));
            if (Quiet) WriteValues(new[] { result.Found }, session);
            else WriteObject(result);
        }
    }
}
