using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using HaproxyRuntime.Client.Answers;
using HaproxyRuntime.Client.Capabilities;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Requests;

/// <summary>The TLS stores other than certificates: CA and CRL files, TLS ticket keys, SNIs, OCSP responses.</summary>
public static partial class HaproxyRequests
{
    /// <summary><c>show ssl ca-file</c> (operator level): every CA file with its certificate count, the open
    /// transaction's first.</summary>
    public static CliRequest<List<HaproxyCaFile>> GetCaFiles() =>
        new CliRequest<List<HaproxyCaFile>>("show ssl ca-file", false, "List CA files", "CA files",
            (r, c) => Parse(() => SslStoreParsers.CaFiles(HaproxyAnswers.ShowSslCaFile.Data(r, c)), c));

    /// <summary><c>show ssl ca-file [*]&lt;name&gt;</c>: one CA file's status and certificates; with
    /// <paramref name="transaction"/>, those of its uncommitted transaction.</summary>
    public static CliRequest<HaproxyCaFile> GetCaFile(string name, bool transaction = false)
    {
        string arg = StoreFileArgument(name, transaction, "Name");
        return new CliRequest<HaproxyCaFile>("show ssl ca-file " + arg, false, "Read CA file", name,
            (r, c) => Parse(() => SslStoreParsers.CaFileDetail(name, transaction, HaproxyAnswers.ShowSslCaFile.Data(r, c)), c));
    }

    /// <summary><c>show ssl crl-file</c> (operator level): every CRL file, the open transaction's first.</summary>
    public static CliRequest<List<HaproxyCrlFile>> GetCrlFiles() =>
        new CliRequest<List<HaproxyCrlFile>>("show ssl crl-file", false, "List CRL files", "CRL files",
            (r, c) => Parse(() => SslStoreParsers.CrlFiles(HaproxyAnswers.ShowSslCrlFile.Data(r, c)), c));

    /// <summary><c>show ssl crl-file [*]&lt;name&gt;</c>: one CRL file's status and revocation lists.</summary>
    public static CliRequest<HaproxyCrlFile> GetCrlFile(string name, bool transaction = false)
    {
        string arg = StoreFileArgument(name, transaction, "Name");
        return new CliRequest<HaproxyCrlFile>("show ssl crl-file " + arg, false, "Read CRL file", name,
            (r, c) => Parse(() => SslStoreParsers.CrlFileDetail(HaproxyAnswers.ShowSslCrlFile.Data(r, c)), c));
    }

    /// <summary>A CA or CRL file name as <c>show ssl ca-file|crl-file</c> reads it (ssl_ckch.c cli_parse_show_cafile):
    /// <see cref="SslName"/>'s, and no ':' (the first one starts an index there, so such a file cannot be shown); a
    /// leading '*' asks for the file's transaction.</summary>
    private static string StoreFileArgument(string? name, bool transaction, string parameterName)
    {
        string n = SslName(name, parameterName);
        if (name!.IndexOf(':') >= 0)
        {
            throw new HaproxyArgumentException(parameterName,
                $"{parameterName} '{CliArgument.Printable(name)}' contains ':', which HAProxy reads as the start of an index; a file with ':' in its name cannot be shown.");
        }
        return transaction ? "*" + n : n;
    }

    /// <summary><c>new ssl ca-file|crl-file &lt;name&gt;</c> (admin level): an empty CA or CRL file (no certificate
    /// kind here: a certificate store is <see cref="NewCertificate"/>), unused until a crt-list entry names it.</summary>
    public static CliRequest<CliDone> NewSslFile(SslStoreKind kind, string name)
    {
        var table = kind == SslStoreKind.CaFile ? HaproxyAnswers.NewSslCaFile
            : kind == SslStoreKind.CrlFile ? HaproxyAnswers.NewSslCrlFile
            : throw new ArgumentOutOfRangeException(nameof(kind), "A certificate store is created with NewCertificate.");
        // No ':' either: HAProxy would create the file but could never show it (show ssl ca-file reads an index there).
        return new CliRequest<CliDone>($"new ssl {SslStoreWord(kind)} {StoreFileArgument(name, false, "Name")}", true, $"Create {SslStoreNoun(kind)}", name, table.Interpret);
    }

    /// <summary><c>del ssl ca-file|crl-file &lt;name&gt;</c> (admin level): removes a CA or CRL file no bind or crt-list
    /// uses. HAProxy's <c>del ssl ca-file</c> does not check the kind (ssl_ckch.c cli_parse_del_cafile removes a CRL file
    /// of that name too): callers check the name is in the kind's list first.</summary>
    public static CliRequest<CliDone> RemoveSslFile(SslStoreKind kind, string name)
    {
        var table = kind == SslStoreKind.CaFile ? HaproxyAnswers.DelSslCaFile
            : kind == SslStoreKind.CrlFile ? HaproxyAnswers.DelSslCrlFile
            : throw new ArgumentOutOfRangeException(nameof(kind), "A certificate store is removed with RemoveCertificate.");
        return new CliRequest<CliDone>($"del ssl {SslStoreWord(kind)} {SslName(name, "Name")}", true, $"Remove {SslStoreNoun(kind)}", name, table.Interpret);
    }

    /// <summary><c>show tls-keys</c> (admin level): every TLS ticket keys reference, without its keys.</summary>
    public static CliRequest<List<HaproxyTlsKeyFile>> GetTlsKeyFiles() =>
        new CliRequest<List<HaproxyTlsKeyFile>>("show tls-keys", false, "List TLS ticket keys", "TLS ticket keys",
            (r, c) => Parse(() => SslStoreParsers.TlsKeyFiles(HaproxyAnswers.ShowTlsKeys.Data(r, c)), c));

    /// <summary><c>show tls-keys &lt;ref&gt;</c>, or <c>show tls-keys *</c> when <paramref name="reference"/> is null:
    /// the references with their keys (secrets, read into SecureStrings).</summary>
    public static CliRequest<List<HaproxyTlsKeyFile>> GetTlsKeys(string? reference = null)
    {
        string r = reference is null ? "*" : TlsKeyReference(reference);
        return new CliRequest<List<HaproxyTlsKeyFile>>("show tls-keys " + r, false, "Read TLS ticket keys", reference ?? "TLS ticket keys",
            (reply, c) => Parse(() => SslStoreParsers.TlsKeys(HaproxyAnswers.ShowTlsKeys.Data(reply, c)), c));
    }

    /// <summary><c>set ssl tls-key &lt;ref&gt; &lt;base64 key&gt;</c> (admin level): makes <paramref name="key"/> the
    /// next key of the reference (the key that encrypts becomes the previous next one; the oldest is dropped). The key
    /// is 48 bytes (128-bit references) or 80 (256-bit); HAProxy refuses the other size of its reference. The key is a
    /// secret: the request shows it masked.</summary>
    public static CliRequest<CliDone> SetTlsKey(string reference, byte[] key)
    {
        string r = TlsKeyReference(reference);
        if (key is null || (key.Length != 48 && key.Length != 80))
        {
            throw new HaproxyArgumentException("Key",
                $"A TLS ticket key is 48 bytes (128-bit) or 80 bytes (256-bit); this one is {(key is null ? 0 : key.Length)} bytes. Nothing was sent.");
        }
        string base64 = Convert.ToBase64String(key);
        var request = new CliRequest<CliDone>($"set ssl tls-key {r} {base64}", true, "Set TLS ticket key", reference, HaproxyAnswers.SetTlsKey.Interpret);
        request.Hiding(base64);
        return request;
    }

    /// <summary>A TLS ticket key given as HAProxy shows and takes it (base64), decoded; a text that is not base64 is the
    /// caller's fault.</summary>
    public static byte[] DecodeTlsKey(string? base64, string parameterName)
    {
        CliArgument.CheckSendable(base64, parameterName);
        try
        {
            return Convert.FromBase64String(base64!.Trim());
        }
        catch (FormatException)
        {
            throw new HaproxyArgumentException(parameterName, "The TLS ticket key is not base64 text (as 'openssl rand 80 | base64' makes). Nothing was sent.");
        }
    }

    /// <summary>A TLS keys reference: its file, or "#&lt;id&gt;" (ssl_sock.c tlskeys_ref_lookup_ref reads a leading '#'
    /// as an id, and anything but digits after it finds nothing).</summary>
    private static string TlsKeyReference(string? reference)
    {
        string escaped = CliArgument.Escape(reference, "Reference");
        if (reference![0] == '#' && (reference.Length == 1 || reference.Skip(1).Any(ch => ch < '0' || ch > '9')))
        {
            throw new HaproxyArgumentException("Reference",
                $"Reference '{CliArgument.Printable(reference)}' starts with '#', which HAProxy reads as a numeric id; use '#<digits>' (the Id 'show tls-keys' lists) or the keys file.");
        }
        return escaped;
    }

    /// <summary><c>show ssl sni [-f &lt;frontend&gt;] [-A [-t &lt;seconds&gt;s]]</c> (3.2+): the SNIs each bind line
    /// answers; with <paramref name="expiredBy"/>, only those whose certificate has expired by then (now plus a
    /// positive offset).</summary>
    public static CliRequest<List<HaproxySslSni>> GetSslSnis(string? frontend = null, TimeSpan? expiredBy = null)
    {
        var text = new StringBuilder("show ssl sni");
        string? f = frontend is null ? null : CliArgument.Name(frontend, "Frontend");
        if (f != null) text.Append(" -f ").Append(f);
        if (expiredBy is TimeSpan offset)
        {
            if (offset < TimeSpan.Zero) throw new HaproxyArgumentException("ExpiresWithin", "The offset must not be negative.");
            long seconds = (long)Math.Ceiling(offset.TotalSeconds);
            if (seconds > int.MaxValue) throw new HaproxyArgumentException("ExpiresWithin", "The offset is at most 2147483647 seconds (about 68 years).");
            text.Append(" -A");
            // HAProxy refuses "-t 0" ("expects a positive value"): no offset is the same.
            if (seconds > 0) text.Append(" -t ").Append(seconds.ToString(CultureInfo.InvariantCulture)).Append('s');
        }
        return new CliRequest<List<HaproxySslSni>>(text.ToString(), false, "List SNIs", f ?? "frontends",
            (r, c) => Parse(() => SslStoreParsers.Snis(HaproxyAnswers.ShowSslSni.Data(r, c)), c)).Requires(HaproxyFeature.SslSni);
    }

    /// <summary><c>show ssl ocsp-response</c> (admin level): every OCSP response HAProxy holds, by certificate id.</summary>
    public static CliRequest<List<HaproxyOcspResponse>> GetOcspResponses() =>
        new CliRequest<List<HaproxyOcspResponse>>("show ssl ocsp-response", false, "List OCSP responses", "OCSP responses",
            (r, c) => Parse(() => SslStoreParsers.OcspResponses(HaproxyAnswers.ShowOcspResponse.Data(r, c)), c));

    /// <summary><c>show ssl ocsp-response &lt;id&gt;</c>: one response's content, named by its certificate id (hexadecimal,
    /// as <see cref="GetOcspResponses"/> lists it) or by a certificate that uses it; <paramref name="path"/>, when
    /// known from the list, is carried into the result.</summary>
    public static CliRequest<HaproxyOcspResponse> GetOcspResponse(string certificateId, string? path = null)
    {
        string arg = CliArgument.Escape(certificateId, "Id");
        if (certificateId == "text" || certificateId == "base64")
        {
            throw new HaproxyArgumentException("Id", $"'{certificateId}' is a format keyword of 'show ssl ocsp-response', not a certificate id or file.");
        }
        return new CliRequest<HaproxyOcspResponse>("show ssl ocsp-response " + arg, false, "Read OCSP response", path ?? certificateId,
            (r, c) => Parse(() => SslStoreParsers.OcspResponseDetail(certificateId, path, HaproxyAnswers.ShowOcspResponse.Data(r, c)), c));
    }

    /// <summary><c>show ssl ocsp-updates</c> (admin level, 3.0+): the responses under automatic update.</summary>
    public static CliRequest<List<HaproxyOcspUpdate>> GetOcspUpdates() =>
        new CliRequest<List<HaproxyOcspUpdate>>("show ssl ocsp-updates", false, "List OCSP updates", "OCSP updates",
            (r, c) => Parse(() => SslStoreParsers.OcspUpdates(HaproxyAnswers.ShowOcspUpdates.Data(r, c)), c)).Requires(HaproxyFeature.OcspUpdate);

    /// <summary><c>set ssl ocsp-response &lt;&lt;</c> (admin level): replaces the stored response of the certificate the
    /// DER-encoded <paramref name="response"/> is for (HAProxy finds it by the response's certificate id). Sent as a
    /// payload of base64 lines, so a large response is not bound by the line limit.</summary>
    public static CliRequest<CliDone> SetOcspResponse(byte[] response)
    {
        if (response is null || response.Length == 0) throw new HaproxyArgumentException("Response", "The OCSP response is empty.");
        string base64 = Convert.ToBase64String(response);
        var lines = new StringBuilder(base64.Length + base64.Length / 64 + 1);
        for (int i = 0; i < base64.Length; i += 64) lines.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        return new CliRequest<CliDone>("set ssl ocsp-response", true, "Set OCSP response", $"{response.Length}-byte response", HaproxyAnswers.SetOcspResponse.Interpret)
            .WithPayload(CliPayload.FromText(lines.ToString(), "Response"));
    }

    /// <summary><c>update ssl ocsp-response &lt;certificate&gt;</c> (admin level, 3.0+): asks HAProxy to fetch a new OCSP
    /// response for the certificate from its responder now. HAProxy only schedules it: the outcome shows later in
    /// <c>show ssl ocsp-updates</c>.</summary>
    public static CliRequest<CliDone> UpdateOcspResponse(string certificate)
    {
        string c = CliArgument.Escape(certificate, "Certificate");
        return new CliRequest<CliDone>("update ssl ocsp-response " + c, true, "Update OCSP response", certificate, HaproxyAnswers.UpdateOcspResponse.Interpret)
            .Requires(HaproxyFeature.OcspUpdate);
    }
}
