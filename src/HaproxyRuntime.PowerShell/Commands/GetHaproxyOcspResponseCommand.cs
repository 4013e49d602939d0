using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns the OCSP responses HAProxy staples (<c>show ssl ocsp-response</c>, admin level): the list, or —
/// named by certificate id or certificate file — each response's content.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyOcspResponse")]
[OutputType(typeof(HaproxyOcspResponse))]
public sealed class GetHaproxyOcspResponseCommand : HaproxySessionCmdlet
{
    /// <summary>Certificate id(s) (hexadecimal, as the list shows them) or certificate file(s). Every response, without
    /// its content, when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("CertificateId", "Path", "Certificate")]
    [ArgumentCompleter(typeof(Completion.OcspCertificateCompleter))]
    public string[]? Id { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (Id is null)
        {
            WriteObject(Invoke(session, HaproxyRequests.GetOcspResponses()), enumerateCollection: true);
            return;
        }
        foreach (var id in Id)
        {
            Guarded(() => WriteObject(Invoke(session, HaproxyRequests.GetOcspResponse(id))), id);
        }
    }
}
