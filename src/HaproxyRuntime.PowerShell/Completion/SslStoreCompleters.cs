using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Completion;

/// <summary>CA file names (<c>show ssl ca-file</c>).</summary>
public sealed class CaFileCompleter : ListCompleter<HaproxyCaFile>
{
    public CaFileCompleter()
        : base("cafile", HaproxyRequests.GetCaFiles, f => new[] { new CompletionCandidate(f.Name, $"CA file {f}{(f.Transaction ? " (transaction)" : "")} ({f.CertificateCount} certificates)") })
    {
    }
}

/// <summary>CRL file names (<c>show ssl crl-file</c>).</summary>
public sealed class CrlFileCompleter : ListCompleter<HaproxyCrlFile>
{
    public CrlFileCompleter()
        : base("crlfile", HaproxyRequests.GetCrlFiles, f => new[] { new CompletionCandidate(f.Name, $"CRL file {f}{(f.Transaction ? " (transaction)" : "")}") })
    {
    }
}

/// <summary>TLS ticket keys references (<c>show tls-keys</c>): the file, and '#id' when typed.</summary>
public sealed class TlsKeyReferenceCompleter : ListCompleter<HaproxyTlsKeyFile>
{
    public TlsKeyReferenceCompleter()
        : base("tlskeys", HaproxyRequests.GetTlsKeyFiles, f => new[]
        {
            new CompletionCandidate(f.File, $"TLS ticket keys {f.File} (#{f.Id})"),
            new CompletionCandidate("#" + f.Id, $"TLS ticket keys {f.File}", onlyWhenTyped: true),
        })
    {
    }
}

/// <summary>Certificates that have an OCSP response (<c>show ssl ocsp-response</c>): their paths.</summary>
public sealed class OcspCertificateCompleter : ListCompleter<HaproxyOcspResponse>
{
    public OcspCertificateCompleter()
        : base("ocsp", HaproxyRequests.GetOcspResponses, r => r.Path is null
            ? new[] { new CompletionCandidate(r.CertificateId, "OCSP response") }
            : new[] { new CompletionCandidate(r.Path, $"OCSP response of {r.Path} (serial {r.SerialNumber})"), new CompletionCandidate(r.CertificateId, $"OCSP response of {r.Path}", onlyWhenTyped: true) })
    {
    }
}
