using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Answers;

/// <summary>CA and CRL files created and deleted, TLS ticket keys, SNIs and OCSP responses (the transaction tables of CA
/// and CRL files are HaproxyAnswers.Ssl.cs's).</summary>
public static partial class HaproxyAnswers
{
    /// <summary>The refusals every command of HAProxy's certificate tree shares.</summary>
    private static class SslShared
    {
        /// <summary>Another CLI client holds the certificate lock (HA_SPIN_TRYLOCK on ckch_lock): trying again later
        /// works.</summary>
        public static readonly AnswerRule[] Locked = new[]
        {
            No(Err, "Operations on certificates are currently locked!", Exact, HaproxyErrorKind.InvalidOperation, "ssl_ocsp.c cli_parse_show_ocspresponse"),
        };

        /// <summary>HAProxy built without OCSP stapling (or with BoringSSL).</summary>
        public static readonly AnswerRule[] NoOcsp = new[]
        {
            No(Err, "HAProxy was compiled against a version of OpenSSL that doesn't support OCSP stapling.", Exact, HaproxyErrorKind.NotSupported, "ssl_ocsp.c cli_parse_*_ocsp*"),
        };
    }

    /// <summary><c>new ssl ca-file|crl-file &lt;name&gt;</c> (admin level): an empty entry, to fill with a transaction.
    /// The name is looked up among CA and CRL files together (ssl_store_get_cafile_entry).</summary>
    private static AnswerTable NewSslFile(string word, string noun, string function) =>
        new AnswerTable($"new ssl {word} <name>", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
        {
            Ok(Notice, $"New {noun} created '", StartsWith, $"ssl_ckch.c {function}"),
            No(Err, $"'new ssl {word}' expects a filename", Exact, HaproxyErrorKind.InvalidArgument, $"ssl_ckch.c {function}"),
            No(Err, $"Can't create a {noun}!", Exact, HaproxyErrorKind.InvalidOperation, $"ssl_ckch.c {function} (the certificate lock is held)"),
            No(Err, $"{noun} '", StartsWith, HaproxyErrorKind.AlreadyExists, $"ssl_ckch.c {function} (\"{noun} '<name>' already exists!\")"),
            No(Err, "Cannot allocate memory!", Exact, HaproxyErrorKind.Unknown, $"ssl_ckch.c {function}"),
        });

    /// <summary><c>del ssl ca-file|crl-file &lt;name&gt;</c> (admin level): every refusal starts with "Can't remove the
    /// … file: " and its reason.</summary>
    private static AnswerTable DelSslFile(string word, string noun, string function, params AnswerRule[] more) =>
        new AnswerTable($"del ssl {word} <name>", false, Shared.PermissionDenied, Shared.UnknownCommand, more, new[]
        {
            Ok(Notice, $"{noun} '", StartsWith, $"ssl_ckch.c {function}"),
            No(Err, $"'del ssl {word}' expects a {noun} name", Exact, HaproxyErrorKind.InvalidArgument, $"ssl_ckch.c {function}"),
            No(Err, $"Can't delete the {noun}!", Exact, HaproxyErrorKind.InvalidOperation, $"ssl_ckch.c {function} (the certificate lock is held)"),
            No(Err, $"Can't remove the {noun}: ongoing transaction for the {noun} '", StartsWith, HaproxyErrorKind.NotRemovable, $"ssl_ckch.c {function}"),
            No(Err, $"Can't remove the {noun}: {noun} '{AnswerRule.TargetPlaceholder}' doesn't exist!", Exact, HaproxyErrorKind.NotFound, $"ssl_ckch.c {function}"),
            No(Err, $"Can't remove the {noun}: {noun} '", StartsWith, HaproxyErrorKind.NotRemovable, $"ssl_ckch.c {function} (\"… in use, can't be deleted!\")"),
        });

    public static readonly AnswerTable NewSslCaFile = NewSslFile("ca-file", "CA file", "cli_parse_new_cafile");
    public static readonly AnswerTable NewSslCrlFile = NewSslFile("crl-file", "CRL file", "cli_parse_new_crlfile");
    public static readonly AnswerTable DelSslCaFile = DelSslFile("ca-file", "CA file", "cli_parse_del_cafile");
    public static readonly AnswerTable DelSslCrlFile = DelSslFile("crl-file", "CRL file", "cli_parse_del_crlfile",
        No(Err, "Can't remove the CRL file: 'del ssl crl-file' does not work on CA files!", Exact, HaproxyErrorKind.InvalidArgument, "ssl_ckch.c cli_parse_del_crlfile"));

    /// <summary><c>show tls-keys [&lt;ref&gt;|*]</c> (admin level): a dump, or no such reference.</summary>
    public static readonly AnswerTable ShowTlsKeys = new AnswerTable("show tls-keys", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        No(Err, "'show tls-keys' unable to locate referenced filename", Exact, HaproxyErrorKind.NotFound, "ssl_sock.c cli_parse_show_tlskeys"),
    });

    /// <summary><c>set ssl tls-key &lt;ref&gt; &lt;key&gt;</c> (admin level).</summary>
    public static readonly AnswerTable SetTlsKey = new AnswerTable("set ssl tls-key", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        Ok(Info, "TLS ticket key updated!", Exact, "ssl_sock.c cli_parse_set_tlskeys"),
        No(Err, "'set ssl tls-key' expects a filename and the new TLS key in base64 encoding.", Exact, HaproxyErrorKind.InvalidArgument, "ssl_sock.c cli_parse_set_tlskeys"),
        No(Err, "'set ssl tls-key' unable to locate referenced filename", Exact, HaproxyErrorKind.NotFound, "ssl_sock.c cli_parse_set_tlskeys"),
        No(Err, "'set ssl tls-key' received invalid base64 encoded TLS key.", Exact, HaproxyErrorKind.InvalidArgument, "ssl_sock.c cli_parse_set_tlskeys"),
        No(Err, "'set ssl tls-key' received a key of wrong size.", Exact, HaproxyErrorKind.InvalidArgument, "ssl_sock.c cli_parse_set_tlskeys (48 bytes for a 128-bit reference, 80 for 256)"),
    });

    /// <summary><c>show ssl sni [-f &lt;frontend&gt;] [-A] [-t &lt;offset&gt;]</c> (3.2+): a dump, or these refusals.</summary>
    public static readonly AnswerTable ShowSslSni = new AnswerTable("show ssl sni", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        Gone(Err, "Couldn't find the specified frontend!", Exact, HaproxyObjectKind.Frontend, "ssl_ckch.c cli_parse_show_sni"),
        No(Err, "'-f' requires a frontend name!", Exact, HaproxyErrorKind.InvalidArgument, "ssl_ckch.c cli_parse_show_sni"),
        No(Err, "'-A' option is only supported with OpenSSL >= 1.1.1!", Exact, HaproxyErrorKind.NotSupported, "ssl_ckch.c cli_parse_show_sni"),
        No(Err, "'-t' requires an offset argument!", Exact, HaproxyErrorKind.InvalidArgument, "ssl_ckch.c cli_parse_show_sni"),
        No(Err, "offset overflow '", StartsWith, HaproxyErrorKind.InvalidArgument, "ssl_ckch.c cli_parse_show_sni"),
        No(Err, "timer underflow '", StartsWith, HaproxyErrorKind.InvalidArgument, "ssl_ckch.c cli_parse_show_sni"),
        No(Err, "'-t ", StartsWith, HaproxyErrorKind.InvalidArgument, "ssl_ckch.c cli_parse_show_sni (an unexpected character in the offset)"),
        No(Err, "'-t' expects a positive value", Exact, HaproxyErrorKind.InvalidArgument, "ssl_ckch.c cli_parse_show_sni"),
        No(Err, "Invalid parameters, 'show ssl sni' only supports '-f', '-A' or '-t' options!", Exact, HaproxyErrorKind.InvalidArgument, "ssl_ckch.c cli_parse_show_sni"),
        No(Err, "Can't list SNIs", Exact, HaproxyErrorKind.InvalidOperation, "ssl_ckch.c cli_parse_show_sni (the certificate lock is held)"),
    });

    /// <summary><c>show ssl ocsp-response [&lt;id|path&gt;]</c> (admin level): a dump, or these refusals.</summary>
    public static readonly AnswerTable ShowOcspResponse = new AnswerTable("show ssl ocsp-response", false, Shared.PermissionDenied, Shared.UnknownCommand, SslShared.Locked, SslShared.NoOcsp, new[]
    {
        No(Err, "'show ssl ocsp-response [text|base64]' expects a valid certid.", Exact, HaproxyErrorKind.InvalidArgument, "ssl_ocsp.c cli_parse_show_ocspresponse"),
        No(Err, "'show ssl ocsp-response' expects a valid certid or certificate path.", Exact, HaproxyErrorKind.NotFound, "ssl_ocsp.c cli_parse_show_ocspresponse (neither an id nor a known certificate)"),
        No(Err, "Certificate ID or path does not match any certificate.", Exact, HaproxyErrorKind.NotFound, "ssl_ocsp.c cli_parse_show_ocspresponse"),
        No(Err, "Certificate ID does not match any certificate.", Exact, HaproxyErrorKind.NotFound, "2.6 ssl_sock.c cli_parse_show_ocspresponse"),
    });

    /// <summary><c>show ssl ocsp-updates</c> (admin level, 3.0+).</summary>
    public static readonly AnswerTable ShowOcspUpdates = new AnswerTable("show ssl ocsp-updates", false, Shared.PermissionDenied, Shared.UnknownCommand, SslShared.NoOcsp);

    /// <summary><c>set ssl ocsp-response &lt;&lt;</c> (admin level): info when stored; the checks of the response come
    /// through cli_dynerr with the loader's own words and a final '.' (ssl_ocsp.c ssl_sock_load_ocsp_response).</summary>
    public static readonly AnswerTable SetOcspResponse = new AnswerTable("set ssl ocsp-response", false, Shared.PermissionDenied, Shared.UnknownCommand, SslShared.NoOcsp, new[]
    {
        Ok(Info, "OCSP Response updated!", Exact, "ssl_ocsp.c cli_parse_set_ocspresponse"),
        No(Err, "'set ssl ocsp-response' expects response in base64 encoding.", Exact, HaproxyErrorKind.InvalidArgument, "ssl_ocsp.c cli_parse_set_ocspresponse"),
        No(Err, "'set ssl ocsp-response' received invalid base64 encoded response.", Exact, HaproxyErrorKind.InvalidArgument, "ssl_ocsp.c cli_parse_set_ocspresponse"),
        No(Err, "OCSP single response: Certificate ID does not match any certificate or issuer", StartsWith, HaproxyErrorKind.NotFound, "ssl_ocsp.c ssl_sock_load_ocsp_response"),
        No(Err, "OCSP single response: ", StartsWith, HaproxyErrorKind.InvalidArgument, "ssl_ocsp.c ssl_sock_load_ocsp_response (status unknown, no next update, no longer valid…)"),
        No(Err, "OCSP response", StartsWith, HaproxyErrorKind.InvalidArgument, "ssl_ocsp.c ssl_sock_load_ocsp_response (status not successful, several single responses)"),
        No(Err, "Unable to parse OCSP response", StartsWith, HaproxyErrorKind.InvalidArgument, "ssl_ocsp.c ssl_sock_load_ocsp_response"),
        No(Err, "Failed to get", StartsWith, HaproxyErrorKind.InvalidArgument, "ssl_ocsp.c ssl_sock_load_ocsp_response"),
        No(Err, "Failed to update OCSP response.", Exact, HaproxyErrorKind.InvalidArgument, "ssl_ocsp.c cli_parse_set_ocspresponse"),
    });

    /// <summary><c>update ssl ocsp-response &lt;cert&gt;</c> (admin level, 3.0+): nothing when the update is scheduled
    /// (ssl_ocsp.c cli_parse_update_ocsp_response wakes the update task and returns); each refusal ends with "Can't send
    /// ocsp request for &lt;cert&gt;!".</summary>
    public static readonly AnswerTable UpdateOcspResponse = new AnswerTable("update ssl ocsp-response", true, Shared.PermissionDenied, Shared.UnknownCommand, SslShared.NoOcsp, new[]
    {
        No(Err, "'update ssl ocsp-response' expects a filename", Exact, HaproxyErrorKind.InvalidArgument, "ssl_ocsp.c cli_parse_update_ocsp_response"),
        No(Err, "Can't update the certificate!", Exact, HaproxyErrorKind.InvalidOperation, "ssl_ocsp.c cli_parse_update_ocsp_response (the certificate lock is held)"),
        No(Err, "Unknown certificate! 'update ssl ocsp-response' expects an already known certificate file name.", Exact, HaproxyErrorKind.NotFound, "ssl_ocsp.c cli_parse_update_ocsp_response"),
        No(Err, "'update ssl ocsp-response' only works on certificates that already have a known OCSP response.", Exact, HaproxyErrorKind.InvalidOperation, "ssl_ocsp.c cli_parse_update_ocsp_response"),
    });
}
