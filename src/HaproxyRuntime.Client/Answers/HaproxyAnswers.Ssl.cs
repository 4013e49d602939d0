using System.Collections.Generic;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Answers;

/// <summary>Answers of the SSL store commands (HAProxy 3.4 src/ssl_ckch.c, src/ssl_crtlist.c; the same texts in 2.6,
/// 3.0 and 3.2 unless a rule names its line). Every change needs admin level. The three stores HAProxy changes through
/// a transaction (certificates, CA files, CRL files) answer alike but for a few nouns: one builder makes each kind's
/// tables.</summary>
public static partial class HaproxyAnswers
{
    /// <summary>What differs between the stores' texts: the CLI word, the noun of "Can't replace a … which is not
    /// referenced", of "Can't update/commit the …!" (the lock), and of "transaction created for …".</summary>
    private static (AnswerTable Set, AnswerTable Commit, AnswerTable Abort, AnswerTable List) SslStore(
        string word, string referenced, string locked, string created, string setFunction, string commitFunction, string abortFunction)
    {
        // The lock held by another CLI command or a commit in progress: try again later.
        var set = new AnswerTable($"set ssl {word} <name> <payload>", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
        {
            Ok(Notice, created.Replace("{verb}", "created"), StartsWith, $"ssl_ckch.c {setFunction}"),
            Ok(Notice, created.Replace("{verb}", "updated"), StartsWith, $"ssl_ckch.c {setFunction}"),
            No(Err, $"'set ssl {word}' expects a filename and ", StartsWith, HaproxyErrorKind.InvalidArgument, $"ssl_ckch.c {setFunction}"),
            No(Err, $"Can't update the {locked}!", Exact, HaproxyErrorKind.InvalidOperation, $"ssl_ckch.c {setFunction} (lock busy)"),
            // One transaction per store kind: another name's is open (its name first, then ours).
            No(Err, "The ongoing transaction is about '", StartsWith, HaproxyErrorKind.InvalidOperation, $"ssl_ckch.c {setFunction}"),
            No(Err, $"Can't replace a {referenced} which is not referenced by the configuration!", Exact, HaproxyErrorKind.NotFound, $"ssl_ckch.c {setFunction}"),
            No(Err, "Can't allocate memory", Exact, HaproxyErrorKind.Unknown, $"ssl_ckch.c {setFunction}"),
            // The payload did not load (OpenSSL's reasons, then "Can't load the payload" / "Invalid payload"), ending
            // with "Can't update <name>!".
            No(Err, "Can't update ", AnswerMatch.LastLineStartsWith, HaproxyErrorKind.InvalidArgument, $"ssl_ckch.c {setFunction}"),
        });
        // The commit's progress and outcome are written by its I/O handler without a severity: "Committing <name>",
        // a dot per rebuilt instance, then "Success!" or the reasons and "Failed!" (the transaction is then closed).
        var commit = new AnswerTable($"commit ssl {word} <name>", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
        {
            Ok(null, "Success!", AnswerMatch.LastLine, $"ssl_ckch.c {commitFunction} (I/O handler)"),
            No(null, "Failed!", AnswerMatch.LastLine, HaproxyErrorKind.InvalidArgument, $"ssl_ckch.c {commitFunction} (I/O handler)"),
            No(Err, $"'commit ssl ", StartsWith, HaproxyErrorKind.InvalidArgument, $"ssl_ckch.c {commitFunction}"),
            No(Err, $"Can't commit the {locked}!", Exact, HaproxyErrorKind.InvalidOperation, $"ssl_ckch.c {commitFunction} (lock busy)"),
            No(Err, "No ongoing transaction! !", Exact, HaproxyErrorKind.InvalidOperation, $"ssl_ckch.c {commitFunction}"),
            No(Err, "The ongoing transaction is about '", StartsWith, HaproxyErrorKind.InvalidOperation, $"ssl_ckch.c {commitFunction}"),
            // Certificates only: checked before anything is rebuilt, the transaction stays open.
            No(Err, "inconsistencies between private key and certificate loaded '", StartsWith, HaproxyErrorKind.InvalidArgument, "ssl_ckch.c ckch_store_update_init"),
            No(Err, "The transaction must contain at least a certificate and a private key!", Exact, HaproxyErrorKind.InvalidArgument, "3.2 ssl_ckch.c cli_parse_commit_cert"),
            No(Err, "Allocation failure", Exact, HaproxyErrorKind.Unknown, "ssl_ckch.c cli_parse_commit_cert"),
        });
        var abort = new AnswerTable($"abort ssl {word} <name>", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
        {
            // Every store words it as a certificate's.
            Ok(Notice, "Transaction aborted for certificate '", StartsWith, $"ssl_ckch.c {abortFunction}"),
            No(Err, $"'abort ssl {word}' expects a filename", Exact, HaproxyErrorKind.InvalidArgument, $"ssl_ckch.c {abortFunction}"),
            No(Err, "Can't abort!", Exact, HaproxyErrorKind.InvalidOperation, $"ssl_ckch.c {abortFunction} (lock busy)"),
            No(Err, "No ongoing transaction!", Exact, HaproxyErrorKind.NotFound, $"ssl_ckch.c {abortFunction}"),
            No(Err, "The ongoing transaction is about '", StartsWith, HaproxyErrorKind.InvalidOperation, $"ssl_ckch.c {abortFunction}"),
        });
        var list = new AnswerTable($"show ssl {word} [<name>]", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
        {
            No(Err, "Can't show!", Exact, HaproxyErrorKind.InvalidOperation, "ssl_ckch.c (lock busy)"),
            No(Err, "Can't display the ", StartsWith, HaproxyErrorKind.NotFound, "ssl_ckch.c cli_parse_show_cert, cli_parse_show_cafile, cli_parse_show_crlfile"),
            No(Err, "Can't allocate memory!", Exact, HaproxyErrorKind.PermissionDenied, "ssl_ckch.c (the refusal below operator level)"),
        });
        return (set, commit, abort, list);
    }

    private static readonly (AnswerTable Set, AnswerTable Commit, AnswerTable Abort, AnswerTable List) CertStore =
        SslStore("cert", "certificate", "certificate", "Transaction {verb} for certificate ",
            "cli_parse_set_cert, ckch_store_load_payload", "cli_parse_commit_cert, ckch_store_update_process", "cli_parse_abort_cert");
    private static readonly (AnswerTable Set, AnswerTable Commit, AnswerTable Abort, AnswerTable List) CaStore =
        SslStore("ca-file", "CA file", "CA file", "transaction {verb} for CA ",
            "cli_parse_set_cafile", "cli_parse_commit_cafile, cli_io_handler_commit_cafile_crlfile", "cli_parse_abort_cafile");
    private static readonly (AnswerTable Set, AnswerTable Commit, AnswerTable Abort, AnswerTable List) CrlStore =
        SslStore("crl-file", "CRL file", "CRL file", "transaction {verb} for CRL ",
            "cli_parse_set_crlfile", "cli_parse_commit_crlfile, cli_io_handler_commit_cafile_crlfile", "cli_parse_abort_crlfile");

    public static readonly AnswerTable SetSslCert = CertStore.Set;
    public static readonly AnswerTable CommitSslCert = CertStore.Commit;
    public static readonly AnswerTable AbortSslCert = CertStore.Abort;
    public static readonly AnswerTable ShowSslCert = CertStore.List;
    public static readonly AnswerTable SetSslCaFile = CaStore.Set;
    public static readonly AnswerTable CommitSslCaFile = CaStore.Commit;
    public static readonly AnswerTable AbortSslCaFile = CaStore.Abort;
    public static readonly AnswerTable ShowSslCaFile = CaStore.List;
    public static readonly AnswerTable SetSslCrlFile = CrlStore.Set;
    public static readonly AnswerTable CommitSslCrlFile = CrlStore.Commit;
    public static readonly AnswerTable AbortSslCrlFile = CrlStore.Abort;
    public static readonly AnswerTable ShowSslCrlFile = CrlStore.List;

    /// <summary><c>new ssl cert &lt;name&gt;</c>: an empty certificate store.</summary>
    public static readonly AnswerTable NewSslCert = new AnswerTable("new ssl cert <name>", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        Ok(Notice, "New empty certificate store '", StartsWith, "ssl_ckch.c ckch_store_create"),
        No(Err, "'new ssl cert' expects a filename", Exact, HaproxyErrorKind.InvalidArgument, "ssl_ckch.c cli_parse_new_cert"),
        No(Err, "Certificate '", StartsWith, HaproxyErrorKind.AlreadyExists, "ssl_ckch.c ckch_store_create (\"Certificate '<name>' already exists!\")"),
        No(Err, "Can't create a certificate!", Exact, HaproxyErrorKind.InvalidOperation, "ssl_ckch.c ckch_store_create (lock busy)"),
        No(Err, "unable to allocate memory.", Exact, HaproxyErrorKind.Unknown, "ssl_ckch.c ckch_store_create"),
    });

    /// <summary><c>del ssl cert &lt;name&gt;</c>: every refusal starts with "Can't remove the certificate: " and gives
    /// its reason after it.</summary>
    public static readonly AnswerTable DelSslCert = new AnswerTable("del ssl cert <name>", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        Ok(Notice, "Certificate '", StartsWith, "ssl_ckch.c cli_parse_del_cert"),
        No(Err, "'del ssl cert' expects a certificate name", Exact, HaproxyErrorKind.InvalidArgument, "ssl_ckch.c cli_parse_del_cert"),
        No(Err, "Can't delete the certificate!", Exact, HaproxyErrorKind.InvalidOperation, "ssl_ckch.c cli_parse_del_cert (lock busy)"),
        No(Err, "Can't remove the certificate: ongoing transaction for the certificate '", StartsWith, HaproxyErrorKind.NotRemovable, "ssl_ckch.c cli_parse_del_cert"),
        No(Err, "Can't remove the certificate: certificate '{target}' doesn't exist!", Exact, HaproxyErrorKind.NotFound, "ssl_ckch.c cli_parse_del_cert"),
        // "in use, can't be deleted!" (bound by a crt-list or a bind) and, 3.4, "in use for JWT validation".
        No(Err, "Can't remove the certificate: certificate '", StartsWith, HaproxyErrorKind.NotRemovable, "ssl_ckch.c cli_parse_del_cert"),
    });

    /// <summary><c>show ssl crt-list [-n] [&lt;crtlist&gt;]</c>: a dump, or one of these refusals.</summary>
    public static readonly AnswerTable ShowSslCrtList = new AnswerTable("show ssl crt-list [-n] [<crtlist>]", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        No(Err, "didn't find the specified filename", Exact, HaproxyErrorKind.NotFound, "ssl_crtlist.c cli_parse_dump_crtlist"),
        No(Err, "'show ssl crt-list -n' expects a filename or a directory", Exact, HaproxyErrorKind.InvalidArgument, "ssl_crtlist.c cli_parse_dump_crtlist"),
    });

    /// <summary><c>add ssl crt-list &lt;crtlist&gt; &lt;cert&gt;|&lt;payload&gt;</c>: refusals come at severity 3 as
    /// "Can't edit the crt-list: &lt;reason&gt;"; the building of the new instances answers like a commit, without a
    /// severity ("Success!" or "Failed!" last).</summary>
    public static readonly AnswerTable AddSslCrtList = new AnswerTable("add ssl crt-list <crtlist> <certificate>|<payload>", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        Ok(null, "Success!", AnswerMatch.LastLine, "ssl_crtlist.c cli_io_handler_add_crtlist"),
        No(null, "Failed!", AnswerMatch.LastLine, HaproxyErrorKind.InvalidArgument, "ssl_crtlist.c cli_io_handler_add_crtlist"),
        No(Err, "'add ssl crtlist' expects a filename and a certificate name", Exact, HaproxyErrorKind.InvalidArgument, "ssl_crtlist.c cli_parse_add_crtlist"),
        No(Err, "Operations on certificates are currently locked!", Exact, HaproxyErrorKind.InvalidOperation, "ssl_crtlist.c cli_parse_add_crtlist"),
        No(Err, "Can't edit the crt-list: crt-list '", StartsWith, HaproxyErrorKind.NotFound, "ssl_crtlist.c cli_parse_add_crtlist (\"crt-list '<name>' does not exist!\")"),
        No(Err, "Can't edit the crt-list: file already exists in this directory!", Exact, HaproxyErrorKind.AlreadyExists, "ssl_crtlist.c cli_parse_add_crtlist"),
        // The certificate is missing ("certificate '<c>' does not exist!") or empty (created, never committed).
        No(Err, "Can't edit the crt-list: certificate '", StartsWith, HaproxyErrorKind.InvalidOperation, "ssl_crtlist.c cli_parse_add_crtlist"),
        // A bad option or filter (crtlist_parse_line's reasons), incompatible crt-store keywords, a directory.
        No(Err, "Can't edit the crt-list: ", StartsWith, HaproxyErrorKind.InvalidArgument, "ssl_crtlist.c cli_parse_add_crtlist, crtlist_parse_line"),
    });

    /// <summary><c>del ssl crt-list &lt;crtlist&gt; &lt;cert[:line]&gt;</c>.</summary>
    public static readonly AnswerTable DelSslCrtList = new AnswerTable("del ssl crt-list <crtlist> <certfile[:line]>", false, Shared.PermissionDenied, Shared.UnknownCommand, new[]
    {
        Ok(Notice, "Entry '", StartsWith, "ssl_crtlist.c cli_parse_del_crtlist"),
        No(Err, "'del ssl crtlist' expects a filename and a certificate name", Exact, HaproxyErrorKind.InvalidArgument, "ssl_crtlist.c cli_parse_del_crtlist"),
        No(Err, "Can't delete!", Exact, HaproxyErrorKind.InvalidOperation, "ssl_crtlist.c cli_parse_del_crtlist (lock busy)"),
        No(Err, "Can't delete the entry: crt-list '", StartsWith, HaproxyErrorKind.NotFound, "ssl_crtlist.c cli_parse_del_crtlist"),
        No(Err, "Can't delete the entry: wrong line number after colons in '", StartsWith, HaproxyErrorKind.InvalidArgument, "ssl_crtlist.c cli_parse_del_crtlist"),
        No(Err, "Can't delete the entry: found a certificate '", StartsWith, HaproxyErrorKind.InvalidArgument, "ssl_crtlist.c cli_parse_del_crtlist (line number incorrect or needed)"),
        // "certificate '<c>' cannot be deleted, it is used as default certificate by the following frontends:", then
        // one "\t- <file>:<line>" per bind: the only refusal of more than one line.
        No(Err, "- ", AnswerMatch.LastLineStartsWith, HaproxyErrorKind.NotRemovable, "ssl_crtlist.c cli_parse_del_crtlist"),
        // "certificate '<c>' does not exist!", "… is empty!", "… can't be found in crt-list '<l>'!".
        No(Err, "Can't delete the entry: certificate '", StartsWith, HaproxyErrorKind.NotFound, "ssl_crtlist.c cli_parse_del_crtlist"),
    });
}
