using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.Client.Parsing;

/// <summary>Dates and names as HAProxy prints them in its TLS dumps.</summary>
internal static class SslDates
{
    internal static readonly char[] Space = { ' ' };
    internal static readonly string[] Bar = { " | " };

    /// <summary>OpenSSL's ASN1_TIME_print, as UTC (SslParsers.ParseAsn1Time); null when absent.</summary>
    public static DateTime? Parse(string? text) => text is null ? null : SslParsers.ParseAsn1Time(text);

    /// <summary>HAProxy's log date ("30/Jan/2023:00:08:09 +0000", tools.c localdate2str_log) as UTC; null for "-".</summary>
    public static DateTime? ParseLogDate(string text)
    {
        if (text == "-") return null;
        if (!DateTimeOffset.TryParseExact(text, "dd/MMM/yyyy:HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            // .NET's zzz wants "+00:00"; HAProxy writes "+0000".
            if (text.Length < 5 || !DateTimeOffset.TryParseExact(text.Substring(0, text.Length - 2) + ":" + text.Substring(text.Length - 2),
                    "dd/MMM/yyyy:HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                throw new FormatException($"Unexpected date '{text}' in 'show ssl ocsp-updates'.");
            }
        }
        return date.UtcDateTime;
    }
}

/// <summary>The TLS store dumps: CA files, CRL files, TLS ticket keys, SNIs, OCSP responses.</summary>
internal static class SslStoreParsers
{
    /// <summary><c>show ssl ca-file</c> (ssl_ckch.c cli_io_handler_show_cafile): "# transaction" then "*&lt;name&gt; -
    /// &lt;n&gt; certificate(s)" when one is open, then "# filename" and "&lt;name&gt; - &lt;n&gt; certificate(s)" per file.
    /// The count is cut at the last " - " (a path may hold one).</summary>
    public static List<HaproxyCaFile> CaFiles(IReadOnlyList<string> lines)
    {
        var result = new List<HaproxyCaFile>();
        foreach (var line in lines)
        {
            if (line.Length == 0 || line == "# transaction" || line == "# filename") continue;
            const string suffix = " certificate(s)";
            int dash = line.LastIndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0 || !line.EndsWith(suffix, StringComparison.Ordinal)) throw new FormatException($"Unexpected line in 'show ssl ca-file': {line}");
            string countText = line.Substring(dash + 3, line.Length - dash - 3 - suffix.Length);
            if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out int count)) throw new FormatException($"Unexpected line in 'show ssl ca-file': {line}");
            string name = line.Substring(0, dash);
            bool transaction = result.Count == 0 && lines.Count > 0 && lines[0] == "# transaction" && name.StartsWith("*", StringComparison.Ordinal);
            result.Add(new HaproxyCaFile(transaction ? name.Substring(1) : name, transaction, count, null, null));
        }
        return result;
    }

    /// <summary><c>show ssl crl-file</c>: the same list as CA files, without counts.</summary>
    public static List<HaproxyCrlFile> CrlFiles(IReadOnlyList<string> lines)
    {
        var result = new List<HaproxyCrlFile>();
        bool inTransaction = false;
        foreach (var line in lines)
        {
            if (line == "# transaction") { inTransaction = true; continue; }
            if (line == "# filename") { inTransaction = false; continue; }
            if (line.Length == 0) continue;
            bool transaction = inTransaction && line.StartsWith("*", StringComparison.Ordinal);
            result.Add(new HaproxyCrlFile(transaction ? line.Substring(1) : line, transaction, null, null));
        }
        return result;
    }

    /// <summary>The head of a detail dump (ssl_ckch.c cli_io_handler_show_cafile_detail / _crlfile_detail): "Filename:
    /// [*]&lt;name&gt;", "Status: &lt;s&gt;", then blocks that begin with " " (a line holding one space) and a heading.</summary>
    private static (string Name, bool Transaction, string? Status, List<List<string>> Blocks) Detail(IReadOnlyList<string> lines, string command, string heading)
    {
        if (lines.Count < 2 || !lines[0].StartsWith("Filename: ", StringComparison.Ordinal) || !lines[1].StartsWith("Status: ", StringComparison.Ordinal))
        {
            throw new FormatException($"Unexpected answer to '{command}': {(lines.Count == 0 ? "(nothing)" : lines[0])}");
        }
        string name = lines[0].Substring("Filename: ".Length);
        bool transaction = name.StartsWith("*", StringComparison.Ordinal);
        var blocks = new List<List<string>>();
        for (int i = 2; i < lines.Count; i++)
        {
            string line = lines[i];
            if (line.Trim().Length == 0) continue;
            if (line.StartsWith(heading, StringComparison.Ordinal) && line.EndsWith(":", StringComparison.Ordinal)) { blocks.Add(new List<string> { line }); continue; }
            if (blocks.Count == 0) throw new FormatException($"Unexpected line in '{command}': {line}");
            blocks[blocks.Count - 1].Add(line);
        }
        return (transaction ? name.Substring(1) : name, transaction, lines[1].Substring("Status: ".Length), blocks);
    }

    private static int BlockIndex(string head, string heading) =>
        int.Parse(head.Substring(heading.Length, head.Length - heading.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary><c>show ssl ca-file &lt;name&gt;</c>: the file's head, then "Certificate #&lt;n&gt;:" and the fields of
    /// ssl_ckch.c show_cert_detail ("Serial: …", "notBefore: …", …); nothing for an empty file.</summary>
    public static HaproxyCaFile CaFileDetail(string requested, bool requestedTransaction, IReadOnlyList<string> lines)
    {
        // A file without a store (new ssl ca-file, never filled) prints nothing at all: the detail handler leaves before
        // writing its "Filename:"/"Status: Empty" head (ssl_ckch.c cli_io_handler_show_cafile_detail, 2.6-3.4).
        if (lines.Count == 0) return new HaproxyCaFile(requested, requestedTransaction, 0, "Empty", null);
        const string heading = "Certificate #";
        var (name, transaction, status, blocks) = Detail(lines, "show ssl ca-file", heading);
        var certificates = new List<HaproxyCaCertificate>();
        foreach (var block in blocks)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in block.Skip(1))
            {
                int colon = line.IndexOf(": ", StringComparison.Ordinal);
                if (colon > 0 && !fields.ContainsKey(line.Substring(0, colon))) fields[line.Substring(0, colon)] = line.Substring(colon + 2);
                else if (line.EndsWith(":", StringComparison.Ordinal)) fields[line.TrimEnd(':')] = string.Empty; // "Subject Alternative Name:" with none
            }
            certificates.Add(new HaproxyCaCertificate(name, BlockIndex(block[0], heading), fields));
        }
        return new HaproxyCaFile(name, transaction, certificates.Count, status, certificates);
    }

    /// <summary><c>show ssl crl-file &lt;name&gt;</c>: the file's head, then "Certificate Revocation List #&lt;n&gt;:" and
    /// the fields of ssl_ckch.c show_crl_detail ("Version n", "Signature Algorithm: …", "Issuer: …", "Last Update: …",
    /// "Next Update: …", then "Revoked Certificates:" with "Serial Number: x" / "Revocation Date: d" pairs, or "No
    /// Revoked Certificates.").</summary>
    public static HaproxyCrlFile CrlFileDetail(IReadOnlyList<string> lines)
    {
        const string heading = "Certificate Revocation List #";
        var (name, transaction, status, blocks) = Detail(lines, "show ssl crl-file", heading);
        var lists = new List<HaproxyCrl>();
        foreach (var block in blocks)
        {
            int? version = null;
            string? algorithm = null, issuer = null;
            DateTime? last = null, next = null;
            var revoked = new List<HaproxyRevokedCertificate>();
            string? serial = null;
            foreach (var raw in block.Skip(1))
            {
                string line = raw.Trim();
                if (line.StartsWith("Version ", StringComparison.Ordinal) && int.TryParse(line.Substring(8), NumberStyles.None, CultureInfo.InvariantCulture, out int v)) version = v;
                else if (line.StartsWith("Signature Algorithm: ", StringComparison.Ordinal)) algorithm = line.Substring(21);
                else if (line.StartsWith("Issuer: ", StringComparison.Ordinal)) issuer = line.Substring(8);
                else if (line.StartsWith("Last Update: ", StringComparison.Ordinal)) last = SslDates.Parse(line.Substring(13));
                else if (line.StartsWith("Next Update: ", StringComparison.Ordinal)) next = SslDates.Parse(line.Substring(13));
                else if (line.StartsWith("Serial Number: ", StringComparison.Ordinal))
                {
                    if (serial != null) revoked.Add(new HaproxyRevokedCertificate(serial, null));
                    serial = line.Substring(15);
                }
                else if (line.StartsWith("Revocation Date: ", StringComparison.Ordinal) && serial != null)
                {
                    revoked.Add(new HaproxyRevokedCertificate(serial, SslDates.Parse(line.Substring(17))));
                    serial = null;
                }
            }
            if (serial != null) revoked.Add(new HaproxyRevokedCertificate(serial, null));
            lists.Add(new HaproxyCrl(name, BlockIndex(block[0], heading), version, algorithm, issuer, last, next, revoked));
        }
        return new HaproxyCrlFile(name, transaction, status, lists);
    }

    /// <summary><c>show tls-keys</c> (ssl_sock.c cli_io_handler_tlskeys_files): "# id (file)", then "&lt;id&gt;
    /// (&lt;file&gt;)" per reference.</summary>
    public static List<HaproxyTlsKeyFile> TlsKeyFiles(IReadOnlyList<string> lines)
    {
        var result = new List<HaproxyTlsKeyFile>();
        foreach (var line in lines)
        {
            if (line == "# id (file)" || line.Length == 0) continue;
            var (id, file) = IdAndFile(line, line);
            result.Add(new HaproxyTlsKeyFile(id, file, null));
        }
        return result;
    }

    /// <summary><c>show tls-keys &lt;ref&gt;|*</c>: "# id secret", then per reference "# &lt;id&gt; (&lt;file&gt;)" and one
    /// "&lt;id&gt;.&lt;index&gt; &lt;base64&gt;" line per key (three). Each key goes straight into a SecureString.</summary>
    public static List<HaproxyTlsKeyFile> TlsKeys(IReadOnlyList<string> lines)
    {
        var result = new List<HaproxyTlsKeyFile>();
        int id = -1;
        string? file = null;
        var keys = new List<HaproxyTlsKey>();
        void Flush()
        {
            if (file != null) result.Add(new HaproxyTlsKeyFile(id, file, keys));
            keys = new List<HaproxyTlsKey>();
        }
        foreach (var line in lines)
        {
            if (line == "# id secret" || line.Length == 0) continue;
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                Flush();
                (id, file) = IdAndFile(line.Substring(2), "(a reference heading)");
                continue;
            }
            int space = line.IndexOf(' ');
            int dot = line.IndexOf('.');
            if (file is null || space < 0 || dot < 0 || dot > space ||
                !int.TryParse(line.Substring(dot + 1, space - dot - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                throw new FormatException("Unexpected line in 'show tls-keys' (a key line is not shown here: it holds a secret).");
            }
            var secure = new SecureString();
            int length = 0;
            for (int i = space + 1; i < line.Length; i++)
            {
                secure.AppendChar(line[i]);
                length++;
            }
            secure.MakeReadOnly();
            // base64 of 48 bytes is 64 characters, of 80 bytes 108.
            keys.Add(new HaproxyTlsKey(id, file, index, secure, length <= 64 ? 128 : 256));
        }
        Flush();
        return result;
    }

    private static (int Id, string File) IdAndFile(string text, string shown)
    {
        int open = text.IndexOf(" (", StringComparison.Ordinal);
        if (open < 0 || !text.EndsWith(")", StringComparison.Ordinal) ||
            !int.TryParse(text.Substring(0, open), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int id))
        {
            throw new FormatException($"Unexpected line in 'show tls-keys': {shown}");
        }
        return (id, text.Substring(open + 2, text.Length - open - 3));
    }

    /// <summary><c>show ssl sni</c> (ssl_ckch.c cli_io_handler_show_sni, 3.2+): a "# Frontend/Bind…" heading, then
    /// tab-separated "&lt;frontend&gt;/&lt;file&gt;:&lt;line&gt;", SNI, negative filters ("-" for none, else "!name "
    /// each), type, certificate, notAfter, notBefore.</summary>
    public static List<HaproxySslSni> Snis(IReadOnlyList<string> lines)
    {
        var result = new List<HaproxySslSni>();
        foreach (var line in lines)
        {
            if (line.Length == 0 || line.StartsWith("# Frontend/Bind", StringComparison.Ordinal)) continue;
            var f = line.Split('\t');
            if (f.Length != 7) throw new FormatException($"Unexpected line in 'show ssl sni': {line}");
            int slash = f[0].IndexOf('/');
            if (slash < 0) throw new FormatException($"Unexpected line in 'show ssl sni': {line}");
            string negative = f[2].Trim();
            var filters = negative == "-" || negative.Length == 0
                ? (IReadOnlyList<string>)Array.Empty<string>()
                : negative.Split(SslDates.Space, StringSplitOptions.RemoveEmptyEntries);
            result.Add(new HaproxySslSni(f[0].Substring(0, slash), f[0].Substring(slash + 1), f[1], filters, f[3], f[4],
                SslDates.Parse(f[5]), SslDates.Parse(f[6])));
        }
        return result;
    }

    /// <summary><c>show ssl ocsp-response</c> (ssl_ocsp.c cli_io_handler_show_ocspresponse): "# Certificate IDs", then
    /// per response "Certificate ID key : &lt;hex&gt;", "Certificate path : &lt;path&gt;" and the indented fields of its
    /// certificate id (ocsp_certid_print: "Certificate ID:", "Issuer Name Hash: …", "Issuer Key Hash: …", "Serial
    /// Number: …").</summary>
    public static List<HaproxyOcspResponse> OcspResponses(IReadOnlyList<string> lines)
    {
        var result = new List<HaproxyOcspResponse>();
        string? key = null, path = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        void Flush()
        {
            if (key != null) result.Add(new HaproxyOcspResponse(key, path, fields, null, null));
            key = null;
            path = null;
            fields = new Dictionary<string, string>(StringComparer.Ordinal);
        }
        foreach (var line in lines)
        {
            if (line.Length == 0 || line == "# Certificate IDs") continue;
            if (line.StartsWith("Certificate ID key : ", StringComparison.Ordinal))
            {
                Flush();
                key = line.Substring("Certificate ID key : ".Length);
            }
            else if (line.StartsWith("Certificate path : ", StringComparison.Ordinal) && key != null) path = line.Substring("Certificate path : ".Length);
            else if (key != null) AddField(line, fields);
            else throw new FormatException($"Unexpected line in 'show ssl ocsp-response': {line}");
        }
        Flush();
        return result;
    }

    /// <summary><c>show ssl ocsp-response &lt;id&gt;</c>: OpenSSL's text of the response (OCSP_RESPONSE_print, empty
    /// lines given a space by ssl_ocsp.c ssl_ocsp_response_print), read as "Name: value" lines, the first of each name
    /// winning; nothing at all for an entry that has no response yet.</summary>
    public static HaproxyOcspResponse OcspResponseDetail(string certificateId, string? path, IReadOnlyList<string> lines)
    {
        // An entry without a response yet (automatic update, nothing fetched): the I/O handler prints nothing
        // (ssl_ocsp.c cli_io_handler_show_ocspresponse_detail returns when ssl_ocsp_response_print fails).
        if (lines.Count == 0) return new HaproxyOcspResponse(certificateId, path, new Dictionary<string, string>(), null, null);
        if (lines[0].StartsWith("Unable to parse OCSP response", StringComparison.Ordinal) || !lines.Any(l => l.Trim() == "OCSP Response Data:"))
        {
            throw new FormatException($"Unexpected answer to 'show ssl ocsp-response': {(lines.Count == 0 ? "(nothing)" : lines[0])}");
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines) AddField(line, fields);
        return new HaproxyOcspResponse(certificateId, path, new Dictionary<string, string>(), fields, lines.ToList());
    }

    private static void AddField(string line, Dictionary<string, string> fields)
    {
        string text = line.Trim();
        int colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0) return;
        string name = text.Substring(0, colon);
        if (!fields.ContainsKey(name)) fields[name] = text.Substring(colon + 2).Trim();
    }

    /// <summary><c>show ssl ocsp-updates</c> (ssl_ocsp.c cli_io_handler_show_ocsp_updates): a heading "OCSP Certid |
    /// Path | …", then " | "-separated rows: certid, path, next update, last update ("-" when none), successes,
    /// failures, status, status text.</summary>
    public static List<HaproxyOcspUpdate> OcspUpdates(IReadOnlyList<string> lines)
    {
        var result = new List<HaproxyOcspUpdate>();
        foreach (var raw in lines)
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("OCSP Certid |", StringComparison.Ordinal)) continue;
            var parts = line.Split(SslDates.Bar, StringSplitOptions.None);
            if (parts.Length < 8) throw new FormatException($"Unexpected line in 'show ssl ocsp-updates': {line}");
            int n = parts.Length;
            // Six fields follow the path; a path holding " | " keeps its parts.
            string path = string.Join(" | ", parts, 1, n - 7);
            long L(string t) => long.Parse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            int next = n - 6;
            result.Add(new HaproxyOcspUpdate(parts[0], path, SslDates.ParseLogDate(parts[next]), SslDates.ParseLogDate(parts[next + 1]),
                L(parts[next + 2]), L(parts[next + 3]), (int)L(parts[next + 4]), parts[n - 1] == "-" ? null : parts[n - 1]));
        }
        return result;
    }
}
