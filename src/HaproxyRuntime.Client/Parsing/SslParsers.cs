using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.Client.Parsing;

/// <summary>Parsers of the SSL store dumps (HAProxy 3.4 ssl_ckch.c, ssl_crtlist.c).</summary>
internal static class SslParsers
{
    // CA files add " - <n> certificate(s)" after the transaction's name (cli_io_handler_show_cafile).
    private static readonly Regex CaCount = new Regex(@" - \d+ certificate\(s\)$", RegexOptions.CultureInvariant);

    /// <summary><c>show ssl cert|ca-file|crl-file</c>: "# transaction" and "*name" when one is open, then "# filename"
    /// and one name a line (CA and CRL files add " - N certificate(s)" or similar after it, cut here).</summary>
    public static SslStoreList ParseStoreList(IReadOnlyList<string> lines)
    {
        var names = new List<string>();
        string? transaction = null;
        string section = "";
        foreach (var raw in lines)
        {
            if (raw.StartsWith("# ", StringComparison.Ordinal)) { section = raw.Substring(2).Trim(); continue; }
            if (raw.Length == 0) continue;
            string line = CaCount.Replace(raw, "");
            if (section == "transaction")
            {
                transaction = line.StartsWith("*", StringComparison.Ordinal) ? line.Substring(1) : line;
                continue;
            }
            names.Add(line);
        }
        return new SslStoreList(names, transaction);
    }

    /// <summary><c>show ssl cert &lt;name&gt;</c>: "Label: value" lines (cli_io_handler_show_cert_detail).</summary>
    public static HaproxyCertificate ParseCertificate(IReadOnlyList<string> lines)
    {
        HaproxyCertificate? cert = null;
        var chainSubjects = new List<string>();
        var chainIssuers = new List<string>();
        foreach (var line in lines)
        {
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            string label = colon < 0 ? line.TrimEnd(':') : line.Substring(0, colon);
            string value = colon < 0 ? "" : line.Substring(colon + 2);
            if (cert is null)
            {
                if (label != "Filename") throw new HaproxyProtocolException($"'show ssl cert <name>' did not start with 'Filename: ': {line}");
                bool uncommitted = value.StartsWith("*", StringComparison.Ordinal);
                cert = new HaproxyCertificate(uncommitted ? value.Substring(1) : value) { Uncommitted = uncommitted };
                continue;
            }
            cert.Fields.Add(new KeyValuePair<string, string>(label, value));
            switch (label)
            {
                case "Status": cert.Status = value; break;
                case "Serial": cert.Serial = value; break;
                case "notBefore": cert.NotBefore = ParseAsn1Time(value); break;
                case "notAfter": cert.NotAfter = ParseAsn1Time(value); break;
                case "Subject Alternative Name": cert.SubjectAlternativeNames = ParseSans(value); break;
                case "Algorithm":
                    cert.Algorithm = value;
                    var m = Regex.Match(value, @"^([A-Za-z]+)(\d+)$", RegexOptions.CultureInvariant);
                    if (m.Success)
                    {
                        cert.KeyType = m.Groups[1].Value;
                        cert.KeySize = int.Parse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture);
                    }
                    break;
                case "SHA1 FingerPrint": cert.Sha1Fingerprint = value; break;
                case "Subject": cert.Subject = value; break;
                case "Issuer": cert.Issuer = value; break;
                case "Chain Subject": chainSubjects.Add(value); break;
                case "Chain Issuer": chainIssuers.Add(value); break;
                default:
                    if (label.EndsWith("filename", StringComparison.OrdinalIgnoreCase)) cert.Files[label] = value;
                    break;
            }
        }
        if (cert is null) throw new HaproxyProtocolException("'show ssl cert <name>' answered nothing.");
        cert.ChainSubjects = chainSubjects.ToArray();
        cert.ChainIssuers = chainIssuers.ToArray();
        return cert;
    }

    private static readonly string[] CommaSpace = { ", " };
    // The alpn/npn option is dumped with a NUL after it (ssl_crtlist.c dump_crtlist_conf): a separator like the space.
    private static readonly char[] Space = { ' ', '\0' };

    internal static string[] ParseSans(string value)
    {
        var names = new List<string>();
        foreach (var part in value.Split(CommaSpace, StringSplitOptions.RemoveEmptyEntries))
        {
            string p = part.Trim();
            names.Add(p.StartsWith("DNS:", StringComparison.Ordinal) ? p.Substring(4) : p);
        }
        return names.ToArray();
    }

    private static readonly string[] Asn1Formats = { "MMM d HH:mm:ss yyyy", "MMM d HH:mm:ss.FFFFFFF yyyy" };

    /// <summary>OpenSSL's ASN1_TIME_print: "Dec  7 22:04:47 2026 GMT" (day padded with a space, optional fraction).</summary>
    internal static DateTime? ParseAsn1Time(string value)
    {
        string v = Regex.Replace(value.Trim(), @"\s+", " ");
        if (v.EndsWith(" GMT", StringComparison.Ordinal)) v = v.Substring(0, v.Length - 4);
        return DateTime.TryParseExact(v, Asn1Formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : (DateTime?)null;
    }

    // SSL options without an argument (ssl_crtlist.c dump_crtlist_conf); every other one is "keyword argument".
    private static readonly HashSet<string> BareOptions = new HashSet<string>(StringComparer.Ordinal) { "no-alpn", "no-ca-names", "allow-0rtt" };

    /// <summary><c>show ssl crt-list -n &lt;l&gt;</c>: "# &lt;l&gt;", then "&lt;cert&gt;:&lt;line&gt; [options] filters".</summary>
    public static List<HaproxyCrtListEntry> ParseCrtListEntries(string crtList, IReadOnlyList<string> lines)
    {
        var entries = new List<HaproxyCrtListEntry>();
        foreach (var line in lines)
        {
            if (line.Length == 0 || line.StartsWith("# ", StringComparison.Ordinal)) continue;
            string rest = line;
            string[] options = Array.Empty<string>();
            int open = line.IndexOf(" [", StringComparison.Ordinal);
            string head;
            if (open >= 0)
            {
                int close = line.IndexOf(']', open);
                if (close < 0) throw new HaproxyProtocolException($"A crt-list entry without the end of its options: {line}");
                head = line.Substring(0, open);
                options = SplitOptions(line.Substring(open + 2, close - open - 2));
                rest = line.Substring(close + 1);
            }
            else
            {
                int space = line.IndexOf(' ');
                head = space < 0 ? line : line.Substring(0, space);
                rest = space < 0 ? "" : line.Substring(space);
            }
            int? number = null;
            int colon = head.LastIndexOf(':');
            if (colon > 0 && int.TryParse(head.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                number = n;
                head = head.Substring(0, colon);
            }
            string[] filters = rest.Split(Space, StringSplitOptions.RemoveEmptyEntries);
            entries.Add(new HaproxyCrtListEntry(crtList, head, number, options, filters));
        }
        return entries;
    }

    private static string[] SplitOptions(string text)
    {
        var words = text.Split(Space, StringSplitOptions.RemoveEmptyEntries);
        var options = new List<string>();
        for (int i = 0; i < words.Length; i++)
        {
            if (BareOptions.Contains(words[i]) || i + 1 >= words.Length) options.Add(words[i]);
            else { options.Add(words[i] + " " + words[i + 1]); i++; }
        }
        return options.ToArray();
    }
}
