using System;
using System.IO;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// Shape of the cmdlets that put a certificate's content into a store (Set-, New-HaproxyCertificate): -Name and the
/// content as a PEM file (-Path, resolved against the PowerShell location), an X509Certificate2 with its private key
/// (-Certificate, optional -Chain) or PEM text (-Pem), sent through <see cref="SslTransaction"/> (set, commit, abort on
/// any failure).
/// </summary>
public abstract class HaproxyCertificateContentCmdlet : HaproxySessionCmdlet
{
    protected const string PathSet = "Path", CertificateSet = "Certificate", PemSet = "Pem";

    /// <summary>The certificate store: the file name as the configuration (or New-HaproxyCertificate) spells it.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.CertificateCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>Returns the certificate as HAProxy then describes it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>A PEM file (certificate, chain, private key), resolved against the current location. Each content
    /// parameter is mandatory in its own parameter set; New-HaproxyCertificate also has a set without content.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
    public string? Path { get; set; }

    /// <summary>A certificate with its private key.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Intermediate certificates sent after -Certificate, in order.</summary>
    [Parameter(ParameterSetName = CertificateSet)]
    public X509Certificate2[]? Chain { get; set; }

    /// <summary>The PEM text (certificate, chain, private key).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PemSet)]
    public string? Pem { get; set; }


    /// <summary>True when a content parameter was given.</summary>
    protected bool HasContent => Path != null || Certificate != null || Pem != null;

    /// <summary>The payload to send, read and checked before anything is sent.</summary>
    protected CliPayload ReadContent()
    {
        if (Certificate != null) return CliPayload.FromText(CertificatePem.FromCertificate(Certificate, Chain, "Certificate"), "Certificate");
        if (Pem != null) return CliPayload.FromText(Pem, "Pem");
        string path;
        string text;
        try
        {
            path = OnPipeline(() => SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path!));
            if (!File.Exists(path)) throw new HaproxyArgumentException("Path", $"The file '{path}' does not exist.");
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is RuntimeException || ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
        {
            // A PowerShell path that names no file system item (another provider, an unknown drive) or a file that cannot
            // be read: the value's fault, before anything is sent.
            throw new HaproxyArgumentException("Path", $"-Path '{Path}' cannot be read as a PEM file: {ex.Message}");
        }
        return CliPayload.FromText(text, "Path");
    }

    /// <summary>Stages <paramref name="payload"/> for the store and commits it (aborting on any failure).</summary>
    protected void Replace(HaproxySession session, CliPayload payload) =>
        RunOperation(session, Name, sending => SslTransaction.Replace(session, SslStoreKind.Certificate, Name, payload, false, CancelToken, sending));

    /// <summary>-PassThru: the store as HAProxy now describes it.</summary>
    protected void WritePassThru(HaproxySession session)
    {
        if (PassThru) WriteObject(Invoke(session, HaproxyRequests.GetCertificate(Name)));
    }
}
