using System;
using System.Collections.Generic;

namespace HaproxyRuntime.Client.Models;

/// <summary>A certificate store as <c>show ssl cert &lt;name&gt;</c> describes it (HAProxy 3.4 ssl_ckch.c
/// cli_io_handler_show_cert_detail, show_cert_detail). A store created by <c>new ssl cert</c> and never filled has
/// no certificate fields (<see cref="Status"/> Empty).</summary>
public sealed class HaproxyCertificate : HaproxyObject
{
    internal HaproxyCertificate(string name) => Name = name;

    /// <summary>The store's name: the certificate file as the configuration (or <c>new ssl cert</c>) spells it.</summary>
    public string Name { get; }

    /// <summary>True for the content of the open transaction (<c>*name</c>): staged by <c>set ssl cert</c>, not yet
    /// committed, so not served.</summary>
    public bool Uncommitted { get; internal set; }

    /// <summary>HAProxy's status word: Used, Unused, Empty, Uncommitted, or (3.4) "Used for JWT verification"; null
    /// when the version does not print one.</summary>
    public string? Status { get; internal set; }

    public string? Subject { get; internal set; }
    public string? Issuer { get; internal set; }

    /// <summary>The DNS names of the Subject Alternative Name extension.</summary>
    public string[] SubjectAlternativeNames { get; internal set; } = Array.Empty<string>();

    /// <summary>The serial number, as hexadecimal digits.</summary>
    public string? Serial { get; internal set; }

    /// <summary>Start of validity, in UTC.</summary>
    public DateTime? NotBefore { get; internal set; }

    /// <summary>End of validity, in UTC.</summary>
    public DateTime? NotAfter { get; internal set; }

    /// <summary>HAProxy's key algorithm word ("RSA2048", "EC256").</summary>
    public string? Algorithm { get; internal set; }

    /// <summary>The key type out of <see cref="Algorithm"/> (RSA, EC, DSA).</summary>
    public string? KeyType { get; internal set; }

    /// <summary>The key size in bits out of <see cref="Algorithm"/>.</summary>
    public int? KeySize { get; internal set; }

    /// <summary>SHA-1 fingerprint, hexadecimal (as X509Certificate2.Thumbprint).</summary>
    public string? Sha1Fingerprint { get; internal set; }

    /// <summary>The subjects of the chain certificates, in order.</summary>
    public string[] ChainSubjects { get; internal set; } = Array.Empty<string>();

    /// <summary>The issuers of the chain certificates, in order.</summary>
    public string[] ChainIssuers { get; internal set; } = Array.Empty<string>();

    /// <summary>The separate files the store was loaded from, when not one PEM: "Crt filename", "Key filename", "OCSP
    /// filename", "OCSP Issuer filename", "SCTL filename", "Chain Filename" by HAProxy's label.</summary>
    public Dictionary<string, string> Files { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The crt-lists that hold an entry for this certificate (a <c>bind … crt</c> file is a crt-list of its
    /// own name), read with <c>show ssl crt-list</c>; null when not read.</summary>
    public string[]? UsedBy { get; internal set; }

    /// <summary>True when <see cref="NotAfter"/> is past.</summary>
    public bool Expired => NotAfter is DateTime end && end < DateTime.UtcNow;

    /// <summary>Every "Label: value" line HAProxy printed, in order (later versions add labels).</summary>
    public List<KeyValuePair<string, string>> Fields { get; } = new List<KeyValuePair<string, string>>();

    public override string ToString() => Name;
}

/// <summary>One entry of a crt-list (<c>show ssl crt-list -n &lt;crtlist&gt;</c>).</summary>
public sealed class HaproxyCrtListEntry : HaproxyObject
{
    internal HaproxyCrtListEntry(string crtList, string certificate, int? line, string[] options, string[] sniFilters)
    {
        CrtList = crtList;
        Certificate = certificate;
        Line = line;
        Options = options;
        SniFilters = sniFilters;
    }

    /// <summary>The crt-list (or the <c>bind … crt</c> file or directory HAProxy made one of).</summary>
    public string CrtList { get; }

    /// <summary>The certificate store the entry serves.</summary>
    public string Certificate { get; }

    /// <summary>Its line number in the crt-list (<c>del ssl crt-list … cert:line</c>).</summary>
    public int? Line { get; }

    /// <summary>The SSL bind options between brackets, one per element ("alpn h2,http/1.1", "verify none").</summary>
    public string[] Options { get; }

    /// <summary>The SNI filters ("*.example.com", "!bad.example.com").</summary>
    public string[] SniFilters { get; }

    public override string ToString() => Line is int l ? $"{Certificate}:{l}" : Certificate;
}

/// <summary>The names of one kind of SSL store (<c>show ssl cert|ca-file|crl-file</c>) and the open transaction.</summary>
public sealed class SslStoreList
{
    internal SslStoreList(List<string> names, string? transaction)
    {
        Names = names;
        Transaction = transaction;
    }

    /// <summary>The committed stores, in HAProxy's order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The name the open transaction is about, or null when none is open.</summary>
    public string? Transaction { get; }
}
