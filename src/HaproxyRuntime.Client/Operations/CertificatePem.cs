using System;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Operations;

/// <summary>The PEM HAProxy loads for a certificate store (ssl_sock_load_pem_into_ckch): the certificate, its chain,
/// then its private key, from an <see cref="X509Certificate2"/>.</summary>
public static class CertificatePem
{
    /// <summary>The certificate, then each of <paramref name="chain"/>, then the private key as PKCS#8. The key must be
    /// exportable; the export needs .NET Core 3.0 or later (PowerShell 7), which has it on every key type.</summary>
    public static string FromCertificate(X509Certificate2 certificate, X509Certificate2[]? chain, string parameterName)
    {
        if (certificate is null) throw new HaproxyArgumentException(parameterName, "No certificate was given.");
        if (!certificate.HasPrivateKey)
        {
            throw new HaproxyArgumentException(parameterName,
                $"The certificate '{certificate.Subject}' ({certificate.Thumbprint}) has no private key: HAProxy needs the key to serve it. Load it with its key (X509Certificate2 from a PFX, or CreateFromPemFile) or give the PEM.");
        }
        AsymmetricAlgorithm? key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey();
        if (key is null) throw new HaproxyArgumentException(parameterName, $"The private key of '{certificate.Subject}' is neither RSA nor ECDSA, the key types this module can export.");
        byte[] pkcs8;
        try
        {
            // netstandard2.0 does not declare the export; the runtimes PowerShell 7 runs on do.
            var export = key.GetType().GetMethod("ExportPkcs8PrivateKey", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
            if (export is null) throw new HaproxyArgumentException(parameterName, "This .NET cannot export a private key as PKCS#8 (it needs .NET Core 3.0 or later, e.g. PowerShell 7): give the PEM or a PEM file instead.");
            pkcs8 = (byte[])export.Invoke(key, null)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is CryptographicException crypto)
        {
            throw new HaproxyArgumentException(parameterName, $"The private key of '{certificate.Subject}' cannot be exported ({crypto.Message}); load the certificate with an exportable key, or give the PEM.");
        }
        finally
        {
            key.Dispose();
        }
        var pem = new StringBuilder();
        Append(pem, "CERTIFICATE", certificate.RawData);
        if (chain != null) foreach (var c in chain) Append(pem, "CERTIFICATE", c.RawData);
        Append(pem, "PRIVATE KEY", pkcs8);
        Array.Clear(pkcs8, 0, pkcs8.Length);
        return pem.ToString();
    }

    private static void Append(StringBuilder pem, string label, byte[] der)
    {
        string b64 = Convert.ToBase64String(der);
        pem.Append("-----BEGIN ").Append(label).Append("-----\n");
        for (int i = 0; i < b64.Length; i += 64) pem.Append(b64, i, Math.Min(64, b64.Length - i)).Append('\n');
        pem.Append("-----END ").Append(label).Append("-----\n");
    }
}
