using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns the OCSP responses HAProxy staples (<c>show ssl ocsp-response</c>, admin level): the list, or —
/// named by certificate id or certificate file, wildcards allowed — each response's content (<c>show ssl ocsp-response
/// &lt;id&gt;</c>).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyOcspResponse")]
[OutputType(typeof(HaproxyOcspResponse))]
public sealed class GetHaproxyOcspResponseCommand : HaproxySessionCmdlet
{
    /// <summary>Certificate id(s) (hexadecimal, as the list shows them) or certificate file(s); wildcards allowed. Every
    /// response, without its content, when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("CertificateId", "Path", "Certificate")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.OcspCertificateCompleter))]
    public string[]? Id { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var all = Invoke(session, HaproxyRequests.GetOcspResponses());
        if (Id is null)
        {
            WriteObject(all, enumerateCollection: true);
            return;
        }
        foreach (var listed in WildcardFilter.Apply(WriteError, all, Id, r => r.Path is null ? new[] { r.CertificateId } : new[] { r.CertificateId, r.Path }, "OCSP response").ToList())
        {
            Guarded(() => WriteObject(Invoke(session, HaproxyRequests.GetOcspResponse(listed.CertificateId, listed.Path))), listed.Path ?? listed.CertificateId);
        }
    }
}
