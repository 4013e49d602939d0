using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Deletes a certificate store no bind, crt-list entry or JWT check uses (<c>del ssl cert &lt;name&gt;</c>);
/// HAProxy refuses one in use, or one with an open transaction (HaproxyObjectNotRemovable).</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyCertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemoveHaproxyCertificateCommand : HaproxySessionCmdlet
{
    /// <summary>The certificate store (a piped HaproxyCertificate binds its Name).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.CertificateCompleter))]
    public string Name { get; set; } = string.Empty;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = HaproxyRequests.RemoveCertificate(Name);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
    }
}
