using System;
using System.Collections.Generic;
using System.Security;
using HaproxyRuntime.Client.Parsing;

namespace HaproxyRuntime.Client.Models;

/// <summary>A CA file HAProxy holds in memory (<c>show ssl ca-file</c>): from the list, its name and certificate count;
/// read by name, also its status and certificates.</summary>
public sealed class HaproxyCaFile : HaproxyObject
{
    internal HaproxyCaFile(string name, bool transaction, int certificateCount, string? status, IReadOnlyList<HaproxyCaCertificate>? certificates)
    {
        Name = name;
        Transaction = transaction;
        CertificateCount = certificateCount;
        Status = status;
        Certificates = certificates ?? Array.Empty<HaproxyCaCertificate>();
    }

    /// <summary>The CA file's name (its path, or "@system-ca").</summary>
    public string Name { get; }

    /// <summary>True for the uncommitted transaction of this file ("*name" in HAProxy's list), not the file in use.</summary>
    public bool Transaction { get; }

    /// <summary>How many certificates it holds.</summary>
    public int CertificateCount { get; }

    /// <summary>Used, Unused, Empty or Uncommitted; null in the list (HAProxy shows it only for one file).</summary>
    public string? Status { get; }

    /// <summary>Its certificates, in file order (empty in the list).</summary>
    public IReadOnlyList<HaproxyCaCertificate> Certificates { get; }

    public override string ToString() => Transaction ? "*" + Name : Name;
}

/// <summary>One certificate of a CA file, as <c>show ssl ca-file &lt;name&gt;</c> describes it.</summary>
public sealed class HaproxyCaCertificate
{
    internal HaproxyCaCertificate(string caFile, int index, IReadOnlyDictionary<string, string> fields)
    {
        CaFile = caFile;
        Index = index;
        string? F(string key) => fields.TryGetValue(key, out var v) ? v : null;
        Serial = F("Serial");
        NotBefore = SslDates.Parse(F("notBefore"));
        NotAfter = SslDates.Parse(F("notAfter"));
        DnsNames = F("Subject Alternative Name") is string san ? SslParsers.ParseSans(san) : Array.Empty<string>();
        Algorithm = F("Algorithm");
        Sha1Fingerprint = F("SHA1 FingerPrint");
        Subject = F("Subject");
        Issuer = F("Issuer");
    }

    /// <summary>The CA file it belongs to.</summary>
    public string CaFile { get; }
    /// <summary>Its position in the file, from 1 (HAProxy's index).</summary>
    public int Index { get; }
    /// <summary>The serial number, in hexadecimal.</summary>
    public string? Serial { get; }
    /// <summary>Start of validity (UTC).</summary>
    public DateTime? NotBefore { get; }
    /// <summary>End of validity (UTC).</summary>
    public DateTime? NotAfter { get; }
    /// <summary>The DNS names of its subject alternative name extension.</summary>
    public IReadOnlyList<string> DnsNames { get; }
    /// <summary>Key algorithm and size ("RSA2048", "EC256").</summary>
    public string? Algorithm { get; }
    /// <summary>SHA-1 fingerprint, in hexadecimal.</summary>
    public string? Sha1Fingerprint { get; }
    /// <summary>Subject, in HAProxy's one-line form ("/C=FR/CN=Root CA").</summary>
    public string? Subject { get; }
    /// <summary>Issuer, in the same form.</summary>
    public string? Issuer { get; }

    public override string ToString() => Subject ?? $"{CaFile}:{Index}";
}

/// <summary>A CRL file HAProxy holds in memory (<c>show ssl crl-file</c>): from the list, its name; read by name, also
/// its status and revocation lists.</summary>
public sealed class HaproxyCrlFile : HaproxyObject
{
    internal HaproxyCrlFile(string name, bool transaction, string? status, IReadOnlyList<HaproxyCrl>? lists)
    {
        Name = name;
        Transaction = transaction;
        Status = status;
        RevocationLists = lists ?? Array.Empty<HaproxyCrl>();
    }

    /// <summary>The CRL file's name (its path).</summary>
    public string Name { get; }

    /// <summary>True for the uncommitted transaction of this file ("*name" in HAProxy's list).</summary>
    public bool Transaction { get; }

    /// <summary>Used, Unused, Empty or Uncommitted; null in the list.</summary>
    public string? Status { get; }

    /// <summary>Its revocation lists, in file order (empty in the list).</summary>
    public IReadOnlyList<HaproxyCrl> RevocationLists { get; }

    public override string ToString() => Transaction ? "*" + Name : Name;
}

/// <summary>One certificate revocation list of a CRL file (<c>show ssl crl-file &lt;name&gt;</c>).</summary>
public sealed class HaproxyCrl
{
    internal HaproxyCrl(string crlFile, int index, int? version, string? signatureAlgorithm, string? issuer, DateTime? lastUpdate,
                        DateTime? nextUpdate, IReadOnlyList<HaproxyRevokedCertificate> revoked)
    {
        CrlFile = crlFile;
        Index = index;
        Version = version;
        SignatureAlgorithm = signatureAlgorithm;
        Issuer = issuer;
        LastUpdate = lastUpdate;
        NextUpdate = nextUpdate;
        RevokedCertificates = revoked;
    }

    /// <summary>The CRL file it belongs to.</summary>
    public string CrlFile { get; }
    /// <summary>Its position in the file, from 1.</summary>
    public int Index { get; }
    /// <summary>The CRL's version (1 or 2).</summary>
    public int? Version { get; }
    /// <summary>Its signature algorithm, by OpenSSL's long name ("sha256WithRSAEncryption").</summary>
    public string? SignatureAlgorithm { get; }
    /// <summary>Issuer, in HAProxy's one-line form.</summary>
    public string? Issuer { get; }
    /// <summary>When it was issued (UTC).</summary>
    public DateTime? LastUpdate { get; }
    /// <summary>When the next one is due (UTC).</summary>
    public DateTime? NextUpdate { get; }
    /// <summary>The certificates it revokes.</summary>
    public IReadOnlyList<HaproxyRevokedCertificate> RevokedCertificates { get; }

    public override string ToString() => Issuer ?? $"{CrlFile}:{Index}";
}

/// <summary>A revoked certificate of a CRL.</summary>
public sealed class HaproxyRevokedCertificate
{
    internal HaproxyRevokedCertificate(string serialNumber, DateTime? revocationDate)
    {
        SerialNumber = serialNumber;
        RevocationDate = revocationDate;
    }

    /// <summary>Its serial number, in hexadecimal.</summary>
    public string SerialNumber { get; }
    /// <summary>When it was revoked (UTC).</summary>
    public DateTime? RevocationDate { get; }

    public override string ToString() => SerialNumber;
}

/// <summary>A file of TLS ticket keys a bind line uses (<c>tls-ticket-keys</c>), as <c>show tls-keys</c> lists it.</summary>
public sealed class HaproxyTlsKeyFile : HaproxyObject
{
    internal HaproxyTlsKeyFile(int id, string file, IReadOnlyList<HaproxyTlsKey>? keys)
    {
        Id = id;
        File = file;
        Keys = keys ?? Array.Empty<HaproxyTlsKey>();
    }

    /// <summary>HAProxy's id of the reference ("#&lt;id&gt;" names it in commands).</summary>
    public int Id { get; }
    /// <summary>The keys file (or the id HAProxy gave a bind line's keys).</summary>
    public string File { get; }
    /// <summary>Its keys, when asked for (empty otherwise).</summary>
    public IReadOnlyList<HaproxyTlsKey> Keys { get; }

    public override string ToString() => File;
}

/// <summary>One TLS ticket key of a reference: a secret, kept in a <see cref="SecureString"/> (its base64 text, as
/// <c>set ssl tls-key</c> takes it).</summary>
public sealed class HaproxyTlsKey : HaproxyObject
{
    internal HaproxyTlsKey(int id, string reference, int index, SecureString key, int bits)
    {
        Id = id;
        Reference = reference;
        Index = index;
        Key = key;
        Bits = bits;
    }

    /// <summary>The id of the reference it belongs to.</summary>
    public int Id { get; }
    /// <summary>The keys file it belongs to (what <c>set ssl tls-key</c> names).</summary>
    public string Reference { get; }
    /// <summary>Its position: 0 the oldest (decryption only), 1 the key that encrypts new tickets, 2 the next one.</summary>
    public int Index { get; }
    /// <summary>The key, base64-encoded, as a SecureString.</summary>
    public SecureString Key { get; }
    /// <summary>128 (48-byte keys) or 256 (80-byte keys).</summary>
    public int Bits { get; }

    public override string ToString() => $"{Id}.{Index}";
}

/// <summary>One SNI a frontend's bind line answers (<c>show ssl sni</c>, HAProxy 3.2+).</summary>
public sealed class HaproxySslSni : HaproxyObject
{
    internal HaproxySslSni(string frontend, string bind, string sni, IReadOnlyList<string> negativeFilters, string keyType,
                           string certificate, DateTime? notAfter, DateTime? notBefore)
    {
        Frontend = frontend;
        Bind = bind;
        Sni = sni;
        NegativeFilters = negativeFilters;
        KeyType = keyType;
        Certificate = certificate;
        NotAfter = notAfter;
        NotBefore = notBefore;
    }

    /// <summary>The frontend.</summary>
    public string Frontend { get; }
    /// <summary>The bind line, as its configuration file and line ("haproxy.cfg:12").</summary>
    public string Bind { get; }
    /// <summary>The server name: a name, a wildcard ("*.example.com"), or "*" for the bind line's default certificate.</summary>
    public string Sni { get; }
    /// <summary>For a wildcard, the names excluded on the same crt-list line ("!a.example.com").</summary>
    public IReadOnlyList<string> NegativeFilters { get; }
    /// <summary>rsa, ecdsa or dsa.</summary>
    public string KeyType { get; }
    /// <summary>The certificate's name (a file, or a crt-store alias).</summary>
    public string Certificate { get; }
    /// <summary>End of the leaf certificate's validity (UTC).</summary>
    public DateTime? NotAfter { get; }
    /// <summary>Start of the leaf certificate's validity (UTC).</summary>
    public DateTime? NotBefore { get; }

    public override string ToString() => $"{Frontend} {Sni}";
}

/// <summary>An OCSP response HAProxy staples (<c>show ssl ocsp-response</c>): the certificate it is for and, when read
/// by id, its content.</summary>
public sealed class HaproxyOcspResponse : HaproxyObject
{
    internal HaproxyOcspResponse(string certificateId, string? path, IReadOnlyDictionary<string, string> certId, IReadOnlyDictionary<string, string>? detail,
                                 IReadOnlyList<string>? text)
    {
        CertificateId = certificateId;
        Path = path;
        string? C(string key) => certId.TryGetValue(key, out var v) ? v : null;
        string? D(string key) => detail != null && detail.TryGetValue(key, out var v) ? v : null;
        IssuerNameHash = C("Issuer Name Hash") ?? D("Issuer Name Hash");
        IssuerKeyHash = C("Issuer Key Hash") ?? D("Issuer Key Hash");
        SerialNumber = C("Serial Number") ?? D("Serial Number");
        ResponseStatus = D("OCSP Response Status");
        ResponderId = D("Responder Id");
        ProducedAt = SslDates.Parse(D("Produced At"));
        CertificateStatus = D("Cert Status");
        ThisUpdate = SslDates.Parse(D("This Update"));
        NextUpdate = SslDates.Parse(D("Next Update"));
        RevocationTime = SslDates.Parse(D("Revocation Time"));
        Text = text ?? Array.Empty<string>();
    }

    /// <summary>HAProxy's key of the response: the DER of the OCSP certificate id, in hexadecimal.</summary>
    public string CertificateId { get; }
    /// <summary>The first certificate that uses it (null when read by id alone).</summary>
    public string? Path { get; }
    /// <summary>Hash of the issuer's name.</summary>
    public string? IssuerNameHash { get; }
    /// <summary>Hash of the issuer's key.</summary>
    public string? IssuerKeyHash { get; }
    /// <summary>The certificate's serial number, in hexadecimal.</summary>
    public string? SerialNumber { get; }
    /// <summary>"successful (0x0)" and so on; null in the list.</summary>
    public string? ResponseStatus { get; }
    /// <summary>The responder's name or key hash.</summary>
    public string? ResponderId { get; }
    /// <summary>When the responder signed it (UTC).</summary>
    public DateTime? ProducedAt { get; }
    /// <summary>good, revoked or unknown.</summary>
    public string? CertificateStatus { get; }
    /// <summary>Start of the response's validity (UTC).</summary>
    public DateTime? ThisUpdate { get; }
    /// <summary>End of the response's validity (UTC).</summary>
    public DateTime? NextUpdate { get; }
    /// <summary>For a revoked certificate, when it was revoked.</summary>
    public DateTime? RevocationTime { get; }
    /// <summary>HAProxy's whole text of the response (OpenSSL's), for what the typed properties leave out.</summary>
    public IReadOnlyList<string> Text { get; }

    public override string ToString() => Path ?? CertificateId;
}

/// <summary>An OCSP response under HAProxy's automatic update (<c>show ssl ocsp-updates</c>).</summary>
public sealed class HaproxyOcspUpdate : HaproxyObject
{
    internal HaproxyOcspUpdate(string certificateId, string path, DateTime? nextUpdate, DateTime? lastUpdate, long successes, long failures,
                               int lastUpdateStatus, string? lastUpdateStatusText)
    {
        CertificateId = certificateId;
        Path = path;
        NextUpdate = nextUpdate;
        LastUpdate = lastUpdate;
        Successes = successes;
        Failures = failures;
        LastUpdateStatus = lastUpdateStatus;
        LastUpdateStatusText = lastUpdateStatusText;
    }

    /// <summary>HAProxy's key of the response (hexadecimal DER of the OCSP certificate id).</summary>
    public string CertificateId { get; }
    /// <summary>The first certificate that uses it.</summary>
    public string Path { get; }
    /// <summary>When HAProxy will next fetch it (UTC).</summary>
    public DateTime? NextUpdate { get; }
    /// <summary>Its last successful update (UTC), or null when none yet.</summary>
    public DateTime? LastUpdate { get; }
    /// <summary>Successful updates.</summary>
    public long Successes { get; }
    /// <summary>Failed updates.</summary>
    public long Failures { get; }
    /// <summary>Status of the last update: 0 unknown, 1 successful, 2 HTTP error, 3 missing header, 4 check failure,
    /// 5 insertion error.</summary>
    public int LastUpdateStatus { get; }
    /// <summary>The same in words, with HAProxy's detail when it gave one.</summary>
    public string? LastUpdateStatusText { get; }

    public override string ToString() => Path;
}
