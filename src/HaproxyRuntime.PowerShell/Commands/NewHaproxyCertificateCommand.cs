using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Creates an empty certificate store (<c>new ssl cert &lt;name&gt;</c>), to be used by a crt-list entry
/// (Add-HaproxyCrtListEntry); with content, fills and commits it in the same call (set, commit; on failure abort and
/// delete the empty store again, so the call leaves nothing behind).</summary>
[Cmdlet(VerbsCommon.New, "HaproxyCertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = EmptySet)]
[OutputType(typeof(HaproxyCertificate))]
public sealed class NewHaproxyCertificateCommand : HaproxyCertificateContentCmdlet
{
    private const string EmptySet = "Empty";

    /// <summary>A PEM file to fill the new store with, resolved against the current location.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
    public string? Path { get; set; }

    /// <summary>A certificate with its private key to fill the new store with.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Intermediate certificates sent after -Certificate, in order.</summary>
    [Parameter(ParameterSetName = CertificateSet)]
    public X509Certificate2[]? Chain { get; set; }

    /// <summary>PEM text to fill the new store with.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PemSet)]
    public string? Pem { get; set; }

    protected override string? ContentPath => Path;
    protected override X509Certificate2? ContentCertificate => Certificate;
    protected override X509Certificate2[]? ContentChain => Chain;
    protected override string? ContentPem => Pem;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var payload = HasContent ? ReadContent() : null;
        var create = HaproxyRequests.NewCertificate(Name);
        string action = payload is null ? $"{create.Action} ('{create.Text}')" : $"{create.Action} and fill it ('{create.Text}', 'set ssl cert {create.Target} {payload.Describe()}', 'commit ssl cert {create.Target}')";
        if (!ShouldProcess(Name, action)) return;
        Invoke(session, create);
        if (payload != null)
        {
            try
            {
                Replace(session, payload);
            }
            catch (HaproxyException)
            {
                // The store was made by this call and is empty: take it away again, best effort.
                try { Invoke(session, HaproxyRequests.RemoveCertificate(Name)); }
                catch (HaproxyException) { }
                throw;
            }
        }
        WritePassThru(session);
    }
}
