using System;
using System.Collections.Generic;
using System.Linq;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;
using Xunit;

namespace HaproxyRuntime.Client.Tests;

/// <summary>CA and CRL files, TLS ticket keys, SNIs, OCSP responses: lines, parsers (on text captured from HAProxy
/// 3.4.7), refusals, and the secret a TLS key request hides.</summary>
public class SslStoresTests
{
    private static CliReply Reply(params string[] lines) => CliReply.FromLines(lines.ToList());

    [Fact]
    public void Lines_AndTargets()
    {
        Assert.Equal("show ssl ca-file", HaproxyRequests.GetCaFiles().Line);
        Assert.Equal("show ssl ca-file /etc/ssl/my\\ ca.pem", HaproxyRequests.GetCaFile("/etc/ssl/my ca.pem").Line);
        Assert.Equal("show ssl ca-file */etc/ssl/ca.pem", HaproxyRequests.GetCaFile("/etc/ssl/ca.pem", transaction: true).Line);
        Assert.Equal("show ssl crl-file /etc/ssl/crl.pem", HaproxyRequests.GetCrlFile("/etc/ssl/crl.pem").Line);
        Assert.Equal("new ssl ca-file /etc/ssl/ca.pem", HaproxyRequests.NewSslFile(SslStoreKind.CaFile, "/etc/ssl/ca.pem").Line);
        Assert.Equal("del ssl crl-file /etc/ssl/crl.pem", HaproxyRequests.RemoveSslFile(SslStoreKind.CrlFile, "/etc/ssl/crl.pem").Line);
        Assert.Equal("show tls-keys", HaproxyRequests.GetTlsKeyFiles().Line);
        Assert.Equal("show tls-keys *", HaproxyRequests.GetTlsKeys().Line);
        Assert.Equal("show tls-keys #3", HaproxyRequests.GetTlsKeys("#3").Line);
        Assert.Equal("show ssl sni", HaproxyRequests.GetSslSnis().Line);
        Assert.Equal("show ssl sni -f fe1 -A", HaproxyRequests.GetSslSnis("fe1", TimeSpan.Zero).Line);
        Assert.Equal("show ssl sni -A -t 2592000s", HaproxyRequests.GetSslSnis(null, TimeSpan.FromDays(30)).Line);
        Assert.Equal("show ssl ocsp-response", HaproxyRequests.GetOcspResponses().Line);
        Assert.Equal("show ssl ocsp-response 303b30", HaproxyRequests.GetOcspResponse("303b30").Line);
        Assert.Equal("show ssl ocsp-updates", HaproxyRequests.GetOcspUpdates().Line);
        Assert.Equal("update ssl ocsp-response /etc/ssl/site.pem", HaproxyRequests.UpdateOcspResponse("/etc/ssl/site.pem").Line);
        Assert.Equal("/etc/ssl/site.pem", HaproxyRequests.UpdateOcspResponse("/etc/ssl/site.pem").Target);
    }

    [Fact]
    public void Refusals_BeforeSending()
    {
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetCaFile("/etc/ssl/ca.pem:2"));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetCaFile("*ca.pem"));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetTlsKeys("#x1"));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetTlsKeys("#"));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.SetTlsKey("#1", new byte[49]));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.DecodeTlsKey("not base64!", "Key"));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetSslSnis(null, TimeSpan.FromSeconds(-1)));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.GetOcspResponse("base64"));
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.SetOcspResponse(Array.Empty<byte>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => HaproxyRequests.NewSslFile(SslStoreKind.Certificate, "x.pem"));
    }

    [Fact]
    public void TlsKey_IsShownMaskedEverywhereButOnTheWire()
    {
        var key = Enumerable.Range(1, 80).Select(i => (byte)i).ToArray();
        string b64 = Convert.ToBase64String(key);
        var request = HaproxyRequests.SetTlsKey("/etc/haproxy/tls.keys", key);
        Assert.Equal($"set ssl tls-key /etc/haproxy/tls.keys {b64}", request.Line);
        Assert.Equal($"set ssl tls-key /etc/haproxy/tls.keys {CliRequest.Mask}", request.DisplayLine);
        Assert.Equal(request.DisplayLine, request.DisplayText);
        Assert.DoesNotContain(b64, request.ToString());
        var refused = Assert.Throws<HaproxyCommandException>(() => request.Interpret(Reply("[3]: 'set ssl tls-key' received a key of wrong size.")));
        Assert.Equal(HaproxyErrorKind.InvalidArgument, refused.Kind);
        Assert.DoesNotContain(b64, refused.Message);
        Assert.DoesNotContain(b64, refused.CommandLine);
        request.Interpret(Reply("[6]: TLS ticket key updated!"));
        Assert.Equal(HaproxyErrorKind.NotFound, Assert.Throws<HaproxyCommandException>(
            () => request.Interpret(Reply("[3]: 'set ssl tls-key' unable to locate referenced filename"))).Kind);
        // A 48-byte key (128-bit reference) is sent as it is.
        Assert.EndsWith(CliRequest.Mask, HaproxyRequests.SetTlsKey("#0", new byte[48]).DisplayLine);
    }

    [Fact]
    public void CaFiles_ListWithCountsAndTransaction()
    {
        var files = SslStoreParsers.CaFiles(new[]
        {
            "# transaction", "*/etc/ssl/ca.pem - 2 certificate(s)", "# filename",
            "/etc/ssl/ca.pem - 1 certificate(s)", "/etc/ssl/a - b.pem - 3 certificate(s)", "@system-ca - 145 certificate(s)",
        });
        Assert.Equal(new[] { "*/etc/ssl/ca.pem", "/etc/ssl/ca.pem", "/etc/ssl/a - b.pem", "@system-ca" }, files.Select(f => f.ToString()));
        Assert.True(files[0].Transaction);
        Assert.Equal(2, files[0].CertificateCount);
        Assert.Equal(3, files[2].CertificateCount);
        Assert.Null(files[1].Status);
        Assert.Throws<FormatException>(() => SslStoreParsers.CaFiles(new[] { "# filename", "/etc/ssl/ca.pem" }));
    }

    [Fact]
    public void CaFile_Detail()
    {
        var file = SslStoreParsers.CaFileDetail("/etc/ssl/ca.pem", false, new[]
        {
            "Filename: /etc/ssl/ca.pem", "Status: Used", " ", "Certificate #1:", "Serial: 6BFCD2DFF37BF09E",
            "notBefore: Dec  6 22:14:51 2026 GMT", "notAfter: Dec  7 22:14:51 2031 GMT", "Subject Alternative Name: ",
            "Algorithm: RSA2048", "SHA1 FingerPrint: 07CFDE63524DF5CE9F0F2294D4CB16A9481C9924",
            "Subject: /O=HaproxyRuntime Lab/CN=Lab Root CA", "Issuer: /O=HaproxyRuntime Lab/CN=Lab Root CA",
            " ", "Certificate #2:", "Serial: 01", "notBefore: Jan  1 00:00:00 2026 GMT", "notAfter: Jan  1 00:00:00 2036 GMT",
            "Subject Alternative Name: DNS:ca.example, DNS:www.ca.example", "Algorithm: EC256", "SHA1 FingerPrint: 00",
            "Subject: /CN=Other", "Issuer: /CN=Other",
        });
        Assert.Equal("Used", file.Status);
        Assert.Equal(2, file.CertificateCount);
        var first = file.Certificates[0];
        Assert.Equal(1, first.Index);
        Assert.Equal("6BFCD2DFF37BF09E", first.Serial);
        Assert.Equal(new DateTime(2026, 12, 6, 22, 14, 51, DateTimeKind.Utc), first.NotBefore);
        Assert.Equal(DateTimeKind.Utc, first.NotAfter!.Value.Kind);
        Assert.Empty(first.DnsNames);
        Assert.Equal("/O=HaproxyRuntime Lab/CN=Lab Root CA", first.Subject);
        Assert.Equal(new[] { "ca.example", "www.ca.example" }, file.Certificates[1].DnsNames);
        Assert.Equal("/etc/ssl/ca.pem", file.Certificates[1].CaFile);

        var transaction = SslStoreParsers.CaFileDetail("/etc/ssl/ca.pem", true, new[] { "Filename: */etc/ssl/ca.pem", "Status: Uncommitted" });
        Assert.True(transaction.Transaction);
        Assert.Equal("/etc/ssl/ca.pem", transaction.Name);
        var empty = SslStoreParsers.CaFileDetail("/new.pem", false, Array.Empty<string>());
        Assert.Equal("Empty", empty.Status);
        Assert.Throws<FormatException>(() => SslStoreParsers.CaFileDetail("/x", false, new[] { "something else" }));
    }

    [Fact]
    public void CrlFiles_ListAndDetail()
    {
        var files = SslStoreParsers.CrlFiles(new[] { "# transaction", "*/etc/ssl/crl.pem", "# filename", "/etc/ssl/crl.pem" });
        Assert.Equal(new[] { "*/etc/ssl/crl.pem", "/etc/ssl/crl.pem" }, files.Select(f => f.ToString()));
        var file = SslStoreParsers.CrlFileDetail(new[]
        {
            "Filename: /etc/ssl/crl.pem", "Status: Used", " ", "Certificate Revocation List #1:", "Version 2",
            "Signature Algorithm: sha256WithRSAEncryption", "Issuer: /O=HaproxyRuntime Lab/CN=Lab Root CA",
            "Last Update: Dec  7 22:04:51 2026 GMT", "Next Update: Jan  6 22:14:51 2027 GMT", "Revoked Certificates:",
            "    Serial Number: 0BAD", "        Revocation Date: Dec  7 20:14:51 2026 GMT",
            "    Serial Number: 0BAE", "        Revocation Date: Dec  7 21:14:51 2026 GMT",
            " ", "Certificate Revocation List #2:", "Version 1", "Signature Algorithm: sha256WithRSAEncryption",
            "Issuer: /CN=Root", "Last Update: Apr 23 14:30:44 2021 GMT", "Next Update: Sep  8 14:30:44 2048 GMT", "No Revoked Certificates.",
        });
        Assert.Equal("Used", file.Status);
        Assert.Equal(2, file.RevocationLists.Count);
        var crl = file.RevocationLists[0];
        Assert.Equal(2, crl.Version);
        Assert.Equal("sha256WithRSAEncryption", crl.SignatureAlgorithm);
        Assert.Equal(new[] { "0BAD", "0BAE" }, crl.RevokedCertificates.Select(r => r.SerialNumber));
        Assert.Equal(new DateTime(2026, 12, 7, 21, 14, 51, DateTimeKind.Utc), crl.RevokedCertificates[1].RevocationDate);
        Assert.Empty(file.RevocationLists[1].RevokedCertificates);
        Assert.Equal(2, file.RevocationLists[1].Index);
        Assert.Equal("Empty", SslStoreParsers.CrlFileDetail(new[] { "Filename: /x.crl", "Status: Empty" }).Status);
    }

    [Fact]
    public void TlsKeys_ListAndSecrets()
    {
        var files = SslStoreParsers.TlsKeyFiles(new[] { "# id (file)", "0 (/etc/haproxy/tls.keys)", "1 (/etc/haproxy/other (old).keys)" });
        Assert.Equal(new[] { 0, 1 }, files.Select(f => f.Id));
        Assert.Equal("/etc/haproxy/other (old).keys", files[1].File);
        var keys = SslStoreParsers.TlsKeys(new[]
        {
            "# id secret", "# 0 (/etc/haproxy/tls.keys)",
            "0.0 68pxamRjN3V0WVoyWc0gdtibfrJoVMr0Z+SrjeZ/pBekBFarq/V8G4oZ/SRk0H5vk+NiBXCdGRiGXiZoSizCE5R5ytLCQoW1swE1GbcokZw=",
            "0.1 UmM+1YOQ+MOpCdSWdlTBpyZDwV0jsCPMrt9wN+RIF4yPZYfbOvV6Dueluw44HQHaDznwE55N9N5gfUoXH2wwJYm3Xx8EL90/iIM0vH+7gqc=",
            "0.2 gPxp3pdoaepyb0U9mhxNvFek0q1tSQx9dBO1J40g7pfKHUo7LXNwH+elTAksV6wU/7lDH2oQIQ7bhGURRpgWToEGKlVi98c6lBw0chkWyy4=",
            "# 1 (/etc/haproxy/short.keys)", "1.0 " + Convert.ToBase64String(new byte[48]),
        });
        Assert.Equal(2, keys.Count);
        Assert.Equal(new[] { 0, 1, 2 }, keys[0].Keys.Select(k => k.Index));
        Assert.Equal(256, keys[0].Keys[0].Bits);
        Assert.Equal(108, keys[0].Keys[2].Key.Length);
        Assert.True(keys[0].Keys[0].Key.IsReadOnly());
        Assert.Equal("/etc/haproxy/tls.keys", keys[0].Keys[1].Reference);
        Assert.Equal(128, keys[1].Keys[0].Bits);
        // A key line never reaches an error message.
        var ex = Assert.Throws<FormatException>(() => SslStoreParsers.TlsKeys(new[] { "# id secret", "0.x SECRETVALUE" }));
        Assert.DoesNotContain("SECRETVALUE", ex.Message);
    }

    [Fact]
    public void Snis_TabSeparated()
    {
        var snis = SslStoreParsers.Snis(new[]
        {
            "# Frontend/Bind\tSNI\tNegative Filter\tType\tFilename\tNotAfter\tNotBefore",
            "tls-stores//tmp/lab/haproxy.cfg:36\tlab.example\t-\trsa\t/tmp/lab/lab.pem\tMar  7 22:13:20 2027 GMT\tDec  6 22:13:20 2026 GMT",
            "li1/haproxy.cfg:10021\t*.ex.lan\t!m1.ex.lan !m2.ex.lan \trsa\texample.lan.pem\tJun 13 13:37:21 2024 GMT\tMay 14 13:37:21 2024 GMT",
            "li1/haproxy.cfg:10021\t*\t-\tecdsa\t@store/site\tJun 13 13:37:21 2024 GMT\tMay 14 13:37:21 2024 GMT",
        });
        Assert.Equal(3, snis.Count);
        Assert.Equal("tls-stores", snis[0].Frontend);
        Assert.Equal("/tmp/lab/haproxy.cfg:36", snis[0].Bind);
        Assert.Empty(snis[0].NegativeFilters);
        Assert.Equal(new DateTime(2027, 3, 7, 22, 13, 20, DateTimeKind.Utc), snis[0].NotAfter);
        Assert.Equal(new[] { "!m1.ex.lan", "!m2.ex.lan" }, snis[1].NegativeFilters);
        Assert.Equal("*", snis[2].Sni);
        Assert.Equal("ecdsa", snis[2].KeyType);
        Assert.Equal("@store/site", snis[2].Certificate);
        Assert.Throws<FormatException>(() => SslStoreParsers.Snis(new[] { "a\tb" }));
        Assert.Equal(HaproxyErrorKind.NotFound, Assert.Throws<HaproxyCommandException>(
            () => HaproxyRequests.GetSslSnis("nosuch").Interpret(Reply("[3]: Couldn't find the specified frontend!"))).Kind);
    }

    [Fact]
    public void OcspResponses_ListDetailAndUpdates()
    {
        const string id = "303b300906052b0e03021a0500041465349e223fcb3e6affa6d177afe5b7db49c2f8c70414dc8f1e4e7147314d66772ca356213100007a77230202100a";
        var list = SslStoreParsers.OcspResponses(new[]
        {
            "# Certificate IDs", "Certificate ID key : " + id, "Certificate path : /etc/ssl/lab.pem", " Certificate ID:",
            "   Issuer Name Hash: 65349E223FCB3E6AFFA6D177AFE5B7DB49C2F8C7", "   Issuer Key Hash: DC8F1E4E7147314D66772CA356213100007A7723",
            "   Serial Number: 100A",
        });
        Assert.Single(list);
        Assert.Equal(id, list[0].CertificateId);
        Assert.Equal("/etc/ssl/lab.pem", list[0].Path);
        Assert.Equal("100A", list[0].SerialNumber);
        Assert.Equal("DC8F1E4E7147314D66772CA356213100007A7723", list[0].IssuerKeyHash);
        Assert.Null(list[0].ResponseStatus);

        var detail = SslStoreParsers.OcspResponseDetail(id, "/etc/ssl/lab.pem", new[]
        {
            "OCSP Response Data:", "    OCSP Response Status: successful (0x0)", "    Response Type: Basic OCSP Response",
            "    Version: 1 (0x0)", "    Responder Id: DC8F1E4E7147314D66772CA356213100007A7723", "    Produced At: Dec  7 22:12:21 2026 GMT",
            "    Responses:", "    Certificate ID:", "      Hash Algorithm: sha1", "      Issuer Name Hash: 65349E223FCB3E6AFFA6D177AFE5B7DB49C2F8C7",
            "      Issuer Key Hash: DC8F1E4E7147314D66772CA356213100007A7723", "      Serial Number: 100A", "    Cert Status: good",
            "    This Update: Dec  7 22:08:21 2026 GMT", "    Next Update: Dec 14 22:13:21 2026 GMT", " ",
            "    Signature Algorithm: sha256WithRSAEncryption", "    Signature Value:", "        50:d7:41:46:f5:83",
        });
        Assert.Equal("successful (0x0)", detail.ResponseStatus);
        Assert.Equal("good", detail.CertificateStatus);
        Assert.Equal(new DateTime(2026, 12, 14, 22, 13, 21, DateTimeKind.Utc), detail.NextUpdate);
        Assert.Equal("100A", detail.SerialNumber);
        Assert.Equal("/etc/ssl/lab.pem", detail.Path);
        Assert.Equal(19, detail.Text.Count);
        Assert.Throws<FormatException>(() => SslStoreParsers.OcspResponseDetail(id, null, new[] { "Unable to parse OCSP response" }));

        // ssl_ocsp.c dump_ocsp_update_info, as management.txt's example shows it.
        var updates = SslStoreParsers.OcspUpdates(new[]
        {
            "OCSP Certid | Path | Next Update | Last Update | Successes | Failures | Last Update Status | Last Update Status (str)",
            "    303b30 | /path_to_cert/cert.pem | 30/Jan/2023:00:08:09 +0000 | - | 0 | 1 | 2 | HTTP error",
            "    304b30 | /path_to_cert/other_cert.pem | 30/Jan/2023:01:07:09 +0100 | 30/Jan/2023:00:07:09 +0000 | 1 | 0 | 1 | Update successful",
        });
        Assert.Equal(2, updates.Count);
        Assert.Equal("/path_to_cert/cert.pem", updates[0].Path);
        Assert.Null(updates[0].LastUpdate);
        Assert.Equal(new DateTime(2023, 1, 30, 0, 8, 9, DateTimeKind.Utc), updates[0].NextUpdate);
        Assert.Equal(2, updates[0].LastUpdateStatus);
        Assert.Equal("HTTP error", updates[0].LastUpdateStatusText);
        Assert.Equal(new DateTime(2023, 1, 30, 0, 7, 9, DateTimeKind.Utc), updates[1].NextUpdate);
        Assert.Equal(1, updates[1].Successes);
    }

    [Fact]
    public void OcspSet_IsAPayloadOfBase64Lines()
    {
        var der = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray();
        var request = HaproxyRequests.SetOcspResponse(der);
        Assert.Equal("set ssl ocsp-response", request.Line);
        Assert.NotNull(request.Payload);
        Assert.Equal(5, request.Payload!.LineCount);
        Assert.StartsWith("set ssl ocsp-response << (5 lines, ", request.DisplayLine, StringComparison.Ordinal);
        request.Interpret(Reply("[6]: OCSP Response updated!"));
        Assert.Equal(HaproxyErrorKind.NotFound, Assert.Throws<HaproxyCommandException>(() => request.Interpret(
            Reply("[3]: OCSP single response: Certificate ID does not match any certificate or issuer."))).Kind);
        Assert.Equal(HaproxyErrorKind.InvalidArgument, Assert.Throws<HaproxyCommandException>(() => request.Interpret(
            Reply("[3]: OCSP single response: no longer valid."))).Kind);
        var update = HaproxyRequests.UpdateOcspResponse("/etc/ssl/x.pem");
        update.Interpret(CliReply.Empty);
        Assert.Equal(HaproxyErrorKind.InvalidOperation, Assert.Throws<HaproxyCommandException>(() => update.Interpret(Reply(
            "[3]: 'update ssl ocsp-response' only works on certificates that already have a known OCSP response.", "Can't send ocsp request for /etc/ssl/x.pem!"))).Kind);
    }

    [Fact]
    public void NewAndDelete_Answers()
    {
        var create = HaproxyRequests.NewSslFile(SslStoreKind.CaFile, "/etc/ssl/ca.pem");
        create.Interpret(Reply("[5]: New CA file created '/etc/ssl/ca.pem'!"));
        Assert.Equal(HaproxyErrorKind.AlreadyExists, Assert.Throws<HaproxyCommandException>(() => create.Interpret(Reply("[3]: CA file '/etc/ssl/ca.pem' already exists!"))).Kind);
        var remove = HaproxyRequests.RemoveSslFile(SslStoreKind.CaFile, "/etc/ssl/ca.pem");
        remove.Interpret(Reply("[5]: CA file '/etc/ssl/ca.pem' deleted!"));
        Assert.Equal(HaproxyErrorKind.NotFound, Assert.Throws<HaproxyCommandException>(() => remove.Interpret(Reply("[3]: Can't remove the CA file: CA file '/etc/ssl/ca.pem' doesn't exist!"))).Kind);
        Assert.Equal(HaproxyErrorKind.NotRemovable, Assert.Throws<HaproxyCommandException>(() => remove.Interpret(Reply("[3]: Can't remove the CA file: CA file '/etc/ssl/ca.pem' in use, can't be deleted!"))).Kind);
        var removeCrl = HaproxyRequests.RemoveSslFile(SslStoreKind.CrlFile, "/etc/ssl/ca.pem");
        Assert.Equal(HaproxyErrorKind.InvalidArgument, Assert.Throws<HaproxyCommandException>(() => removeCrl.Interpret(Reply("[3]: Can't remove the CRL file: 'del ssl crl-file' does not work on CA files!"))).Kind);
    }
}
