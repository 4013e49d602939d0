using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Asks HAProxy to fetch a new OCSP response for a certificate from its responder now (<c>update ssl
/// ocsp-response</c>, admin level, HAProxy 2.8+). HAProxy only schedules the fetch: Get-HaproxyOcspUpdate shows its
/// outcome.</summary>
[Cmdlet(VerbsData.Update, "HaproxyOcspResponse", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class UpdateHaproxyOcspResponseCommand : HaproxySessionCmdlet
{
    /// <summary>The certificate file(s), as HAProxy knows them (the path 'Get-HaproxyOcspResponse' shows).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Path")]
    [ArgumentCompleter(typeof(Completion.OcspCertificateCompleter))]
    public string[] Certificate { get; set; } = null!;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        foreach (var certificate in Certificate)
        {
            Guarded(() =>
            {
                var command = HaproxyRequests.UpdateOcspResponse(certificate);
                if (ShouldProcess(command)) Invoke(session, command);
            }, certificate);
        }
    }
}
