using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns process-wide variables (<c>get var</c>, operator level). HAProxy has no command that lists them,
/// so each is named.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyVariable")]
[OutputType(typeof(HaproxyVariable))]
public sealed class GetHaproxyVariableCommand : HaproxySessionCmdlet
{
    /// <summary>Variable name(s), with their scope: proc.&lt;name&gt;.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[] Name { get; set; } = null!;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        foreach (var name in Name)
        {
            try
            {
                WriteObject(Invoke(session, HaproxyRequests.GetVariable(name)));
            }
            catch (HaproxyException ex) when (ex is not HaproxyConnectionException)
            {
                WriteFailure(ex, name);
            }
        }
    }
}
