using System;
using System.Collections.Generic;
using HaproxyRuntime.Client.Answers;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Requests;

public static partial class HaproxyRequests
{
    /// <summary>The CLI word of a store kind (<c>cert</c>, <c>ca-file</c>, <c>crl-file</c>).</summary>
    public static string SslStoreWord(SslStoreKind kind) => kind switch
    {
        SslStoreKind.Certificate => "cert",
        SslStoreKind.CaFile => "ca-file",
        SslStoreKind.CrlFile => "crl-file",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string SslStoreNoun(SslStoreKind kind) => kind switch
    {
        SslStoreKind.Certificate => "certificate",
        SslStoreKind.CaFile => "CA file",
        _ => "CRL file",
    };

    private static (AnswerTable Set, AnswerTable Commit, AnswerTable Abort, AnswerTable List) SslTables(SslStoreKind kind) => kind switch
    {
        SslStoreKind.Certificate => (HaproxyAnswers.SetSslCert, HaproxyAnswers.CommitSslCert, HaproxyAnswers.AbortSslCert, HaproxyAnswers.ShowSslCert),
        SslStoreKind.CaFile => (HaproxyAnswers.SetSslCaFile, HaproxyAnswers.CommitSslCaFile, HaproxyAnswers.AbortSslCaFile, HaproxyAnswers.ShowSslCaFile),
        SslStoreKind.CrlFile => (HaproxyAnswers.SetSslCrlFile, HaproxyAnswers.CommitSslCrlFile, HaproxyAnswers.AbortSslCrlFile, HaproxyAnswers.ShowSslCrlFile),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A certificate, CA file, CRL file or crt-list name (a path as the configuration spells it, or a crt-store
    /// <c>@store/name</c>). HAProxy's <c>show ssl cert</c> reads a leading '*' as "the uncommitted transaction of" and
    /// a leading '\' as an escape of it, so neither can start a name sent here.</summary>
    public static string SslName(string? value, string parameterName)
    {
        string escaped = CliArgument.Escape(value, parameterName);
        if (value![0] == '*' || value[0] == '\\')
        {
            throw new HaproxyArgumentException(parameterName,
                $"{parameterName} '{CliArgument.Printable(value)}' starts with '{value[0]}', which HAProxy reads as a marker (the uncommitted transaction, or its escape), not as part of the name.");
        }
        return escaped;
    }

    /// <summary><c>set ssl &lt;kind&gt; &lt;name&gt; &lt;&lt;</c> (or, for a CA file with <paramref name="append"/>,
    /// <c>add ssl ca-file</c>): opens or updates the store's transaction with the payload. True when HAProxy created
    /// the transaction, false when it updated one already open for this name.</summary>
    public static CliRequest<bool> SetSslStore(SslStoreKind kind, string name, CliPayload payload, bool append = false)
    {
        if (append && kind != SslStoreKind.CaFile) throw new ArgumentException("Only a CA file can be appended to ('add ssl ca-file').", nameof(append));
        string n = SslName(name, "Name");
        var table = SslTables(kind).Set;
        string verb = append ? "add" : "set";
        var request = new CliRequest<bool>($"{verb} ssl {SslStoreWord(kind)} {n}", true, $"Stage {SslStoreNoun(kind)} content", name,
            (r, c) =>
            {
                // (The session takes prompt mode's "+ " payload prompts off the answer; see HaproxySession.WithoutPayloadPrompts.)
                table.Judge(r, c);
                // The rule matched "Transaction created for …" or "… updated for …" (either case: CA and CRL files
                // write "transaction").
                return r.FirstLine.StartsWith("transaction created", StringComparison.OrdinalIgnoreCase);
            }).WithPayload(payload);
        return append ? request.Requires(Capabilities.HaproxyFeature.CaFileAppend) : request;
    }

    /// <summary><c>commit ssl &lt;kind&gt; &lt;name&gt;</c>: applies the open transaction; its lines (progress, warnings)
    /// on success.</summary>
    public static CliRequest<IReadOnlyList<string>> CommitSslStore(SslStoreKind kind, string name)
    {
        string n = SslName(name, "Name");
        var table = SslTables(kind).Commit;
        return new CliRequest<IReadOnlyList<string>>($"commit ssl {SslStoreWord(kind)} {n}", true, $"Commit {SslStoreNoun(kind)}", name,
            (r, c) =>
            {
                table.Judge(r, c);
                return r.Lines;
            });
    }

    /// <summary><c>abort ssl &lt;kind&gt; &lt;name&gt;</c>: drops the open transaction of this name.</summary>
    public static CliRequest<CliDone> AbortSslStore(SslStoreKind kind, string name)
    {
        string n = SslName(name, "Name");
        return new CliRequest<CliDone>($"abort ssl {SslStoreWord(kind)} {n}", true, $"Abort {SslStoreNoun(kind)} transaction", name,
            SslTables(kind).Abort.Interpret);
    }

    /// <summary><c>show ssl &lt;kind&gt;</c>: the stores' names and the name of the open transaction, if any.</summary>
    public static CliRequest<SslStoreList> GetSslStores(SslStoreKind kind)
    {
        var table = SslTables(kind).List;
        return new CliRequest<SslStoreList>($"show ssl {SslStoreWord(kind)}", false, $"List {SslStoreNoun(kind)}s", SslStoreWord(kind),
            (r, c) => SslParsers.ParseStoreList(table.Data(r, c)));
    }

    /// <summary><c>show ssl cert</c>: the committed certificate stores' names (for completion).</summary>
    public static CliRequest<List<string>> GetCertificateNames() =>
        new CliRequest<List<string>>("show ssl cert", false, "List certificates", "certificates",
            (r, c) => new List<string>(SslParsers.ParseStoreList(HaproxyAnswers.ShowSslCert.Data(r, c)).Names));

    /// <summary><c>show ssl cert &lt;name&gt;</c> (or <c>*&lt;name&gt;</c>: the uncommitted transaction's content).</summary>
    public static CliRequest<HaproxyCertificate> GetCertificate(string name, bool uncommitted = false)
    {
        string n = SslName(name, "Name");
        return new CliRequest<HaproxyCertificate>($"show ssl cert {(uncommitted ? "*" : "")}{n}", false, "Show certificate", name,
            (r, c) => SslParsers.ParseCertificate(HaproxyAnswers.ShowSslCert.Data(r, c)));
    }

    /// <summary><c>new ssl cert &lt;name&gt;</c>: an empty certificate store, to fill with a transaction.</summary>
    public static CliRequest<CliDone> NewCertificate(string name) =>
        new CliRequest<CliDone>($"new ssl cert {SslName(name, "Name")}", true, "Create certificate store", name, HaproxyAnswers.NewSslCert.Interpret);

    /// <summary><c>del ssl cert &lt;name&gt;</c>: removes a certificate no bind or crt-list uses.</summary>
    public static CliRequest<CliDone> RemoveCertificate(string name) =>
        new CliRequest<CliDone>($"del ssl cert {SslName(name, "Name")}", true, "Remove certificate", name, HaproxyAnswers.DelSslCert.Interpret);

    /// <summary><c>show ssl crt-list</c>: the names of the crt-lists (also the implicit ones of <c>bind … crt</c>).</summary>
    public static CliRequest<List<string>> GetCrtLists() =>
        new CliRequest<List<string>>("show ssl crt-list", false, "List crt-lists", "crt-lists",
            (r, c) => new List<string>(HaproxyAnswers.ShowSslCrtList.Data(r, c)));

    /// <summary><c>show ssl crt-list -n &lt;crtlist&gt;</c>: its entries with their line numbers.</summary>
    public static CliRequest<List<HaproxyCrtListEntry>> GetCrtListEntries(string crtList)
    {
        string l = SslName(crtList, "CrtList");
        return new CliRequest<List<HaproxyCrtListEntry>>($"show ssl crt-list -n {l}", false, "List crt-list entries", crtList,
            (r, c) => SslParsers.ParseCrtListEntries(crtList, HaproxyAnswers.ShowSslCrtList.Data(r, c)));
    }

    /// <summary><c>add ssl crt-list &lt;crtlist&gt; &lt;cert&gt;</c>, or with SNI filters or SSL options the payload form
    /// (one line: <c>&lt;cert&gt; [&lt;options&gt;] &lt;filters&gt;</c>), the only way HAProxy takes them.</summary>
    public static CliRequest<CliDone> AddCrtListEntry(string crtList, string certificate, IReadOnlyList<string>? sniFilters = null, IReadOnlyList<string>? options = null)
    {
        string l = SslName(crtList, "CrtList");
        string cert = SslName(certificate, "Certificate");
        bool plain = (sniFilters is null || sniFilters.Count == 0) && (options is null || options.Count == 0);
        string target = $"{crtList} {certificate}";
        if (plain)
        {
            return new CliRequest<CliDone>($"add ssl crt-list {l} {cert}", true, "Add crt-list entry", target, HaproxyAnswers.AddSslCrtList.Interpret);
        }
        // The payload line is read by crtlist_parse_line, which splits on spaces and knows no escape: every word must
        // be one plain word (the certificate too, so it cannot hold a space here).
        var line = new System.Text.StringBuilder(CliArgument.Word(certificate, "Certificate"));
        if (options is { Count: > 0 })
        {
            line.Append(" [");
            for (int i = 0; i < options.Count; i++)
            {
                string option = CrtListWord(options[i], "Option", allowSpace: true);
                if (option.IndexOf('[') >= 0 || option.IndexOf(']') >= 0)
                    throw new HaproxyArgumentException("Option", $"Option '{CliArgument.Printable(option)}' contains a bracket, which would end the option list of the crt-list line.");
                line.Append(i == 0 ? "" : " ").Append(option);
            }
            line.Append(']');
        }
        if (sniFilters != null) foreach (var f in sniFilters) line.Append(' ').Append(CrtListWord(f, "SniFilter", allowSpace: false));
        return new CliRequest<CliDone>($"add ssl crt-list {l}", true, "Add crt-list entry", target, (r, c) => HaproxyAnswers.AddSslCrtList.Judge(r, c))
            .WithPayload(CliPayload.FromText(line.ToString(), "Certificate"));
    }

    /// <summary>One word of a crt-list payload line: no control character, no '#' (a comment there) and, unless
    /// <paramref name="allowSpace"/> (an option and its argument, "alpn h2"), no space.</summary>
    private static string CrtListWord(string? value, string parameterName, bool allowSpace)
    {
        CliArgument.CheckSendable(value, parameterName);
        foreach (char c in value!)
        {
            if (char.IsControl(c) || c == '#' || (!allowSpace && (c == ' ' || c == '\t')))
                throw new HaproxyArgumentException(parameterName, $"{parameterName} '{CliArgument.Printable(value)}' contains '{CliArgument.Printable(c.ToString())}', which a crt-list line cannot carry in one {parameterName.ToLowerInvariant()}.");
        }
        return value!;
    }

    /// <summary><c>del ssl crt-list &lt;crtlist&gt; &lt;cert[:line]&gt;</c>.</summary>
    public static CliRequest<CliDone> RemoveCrtListEntry(string crtList, string certificate, int? line = null)
    {
        string l = SslName(crtList, "CrtList");
        string cert = SslName(certificate, "Certificate");
        // HAProxy reads everything after the first ':' as the line number (cli_parse_del_crtlist, strchr).
        if (certificate.IndexOf(':') >= 0)
            throw new HaproxyArgumentException("Certificate", $"Certificate '{CliArgument.Printable(certificate)}' contains ':', which 'del ssl crt-list' reads as the start of a line number: such an entry cannot be removed by name.");
        if (line is int n && n <= 0) throw new HaproxyArgumentException("Line", "Line must be a positive line number, as 'show ssl crt-list -n' lists it.");
        string at = line is int ln ? ":" + ln.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        return new CliRequest<CliDone>($"del ssl crt-list {l} {cert}{at}", true, "Remove crt-list entry", $"{crtList} {certificate}{at}",
            HaproxyAnswers.DelSslCrtList.Interpret);
    }
}
