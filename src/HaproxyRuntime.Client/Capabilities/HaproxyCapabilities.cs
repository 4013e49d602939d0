using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Capabilities;

/// <summary>What a HAProxy version may or may not have, for the commands this client sends.</summary>
public enum HaproxyFeature
{
    /// <summary><c>add backend</c>, <c>del backend</c>, <c>publish</c>/<c>unpublish backend</c>, <c>wait … be-removable</c>.</summary>
    DynamicBackends,
    /// <summary>The <c>wait</c> command (<c>wait … srv-removable</c>).</summary>
    WaitCommand,
    /// <summary>Virtual maps and ACLs (<c>virt@name</c>), which live only in memory.</summary>
    VirtualPatternSets,
    /// <summary>The <c>init-state</c> server keyword.</summary>
    ServerInitState,
    /// <summary><c>prompt i</c>: interactive mode without a prompt (the framing this client speaks).</summary>
    InteractiveMode,
    /// <summary>The options of <c>show sess</c> after its selector (<c>susp</c> in the one-line listing, <c>show-uri</c>).</summary>
    ShowSessOptions,
    /// <summary>An element of a stick-table data array named by its index (<c>data.gpc[1]</c> in <c>show</c>/<c>clear</c>
    /// filters and <c>set table</c>).</summary>
    StickTableDataIndex,
    /// <summary>A stick-table entry addressed by its pointer (<c>show</c>/<c>set</c>/<c>clear table &lt;t&gt; ptr &lt;p&gt;</c>).</summary>
    StickTablePointer,
    /// <summary>A payload ended by a word of the client's choosing (<c>&lt;&lt;WORD</c>) rather than by an empty line.</summary>
    PayloadTerminator,
    /// <summary>A worker session held open through the master CLI (<c>@@&lt;worker&gt;</c>), which carries any worker command.</summary>
    MasterWorkerSession,
    /// <summary>The master CLI's <c>hard-reload</c>.</summary>
    HardReload,
    /// <summary>The master CLI's <c>reload</c> answers with its verdict ("Success=1|0") and the startup log.</summary>
    ReloadStatus,
    /// <summary><c>show ssl sni</c>: the SNIs each bind line answers.</summary>
    SslSni,
    /// <summary>OCSP automatic updates: <c>show ssl ocsp-updates</c>, <c>update ssl ocsp-response</c>.</summary>
    OcspUpdate,
    /// <summary><c>add ssl ca-file</c>: certificates appended to a CA file's transaction.</summary>
    CaFileAppend,
}

/// <summary>
/// The one table of which HAProxy version has what, read from each branch's doc/management.txt and
/// doc/configuration.txt (the first release whose guide documents the command or keyword).
/// </summary>
public static class HaproxyCapabilities
{
    /// <summary>The oldest HAProxy line this client is built for.</summary>
    public static readonly Version OldestSupported = new Version(2, 6);

    private static readonly Dictionary<HaproxyFeature, (Version Minimum, string What)> Table = new Dictionary<HaproxyFeature, (Version, string)>
    {
        [HaproxyFeature.DynamicBackends] = (new Version(3, 4), "dynamic backends (add/del/publish/unpublish backend)"),
        [HaproxyFeature.WaitCommand] = (new Version(3, 0), "the 'wait' command"),
        [HaproxyFeature.VirtualPatternSets] = (new Version(3, 0), "virtual maps and ACLs (virt@)"),
        [HaproxyFeature.ServerInitState] = (new Version(3, 2), "the 'init-state' server keyword"),
        [HaproxyFeature.InteractiveMode] = (new Version(3, 2), "HAProxy's interactive mode without a prompt, the framing this module speaks"),
        // 3.0 knows "show sess susp" only as a selector that dumps the long form (stream.c cli_parse_show_sess); the
        // options loop (susp, show-uri, frontend/backend/server) came with 3.2. 2.6 has neither.
        [HaproxyFeature.ShowSessOptions] = (new Version(3, 2), "the 'show sess' options 'susp' (one line per stream) and 'show-uri'"),
        // 3.0's CLI looks data types up by their whole name only (stktable_get_data_type): 'gpc[1]' is "Unknown data
        // type"; 3.2 reads the index (stktable_get_data_type_idx, documented from 3.2's management.txt).
        [HaproxyFeature.StickTableDataIndex] = (new Version(3, 2), "stick-table data array elements by index (data.gpc[1])"),
        // The code came with 3.0.0 (stick_table.c table_process_entry_per_ptr; checked on 3.0 through the lab) though
        // the guide documents it from 3.1; 2.6 answers the argument list's refusal.
        [HaproxyFeature.StickTablePointer] = (new Version(3, 0), "stick-table entries addressed by pointer (show/set/clear table <t> ptr <p>)"),
        // 2.6's cli.c takes a payload only after a bare '<<'; 3.0 keeps up to 7 characters after it as the terminator.
        // cli.c's bidirectional '@@' forwarding (PCLI_F_BIDIR) came in 3.2-dev11; 3.0 answers "Can't find the target PID".
        [HaproxyFeature.MasterWorkerSession] = (new Version(3, 2), "worker commands through the master CLI (its @@ worker sessions); connect to the worker's stats socket instead"),
        // 2.6's mworker.c registers only 'reload'; 'hard-reload' is documented from 3.0.
        [HaproxyFeature.HardReload] = (new Version(3, 0), "the master CLI's 'hard-reload'"),
        // 2.6's mworker.c cli_parse_reload re-executes without a word; 3.0 answers "Success=" (cli_io_handler_show_loadstatus).
        [HaproxyFeature.ReloadStatus] = (new Version(3, 0), "the reload verdict on the master CLI"),
        [HaproxyFeature.PayloadTerminator] = (new Version(3, 0), "payloads with a terminator of their own (<<WORD)"),
        // 'show ssl sni' is first documented in 3.2's guide (3.1's has none).
        [HaproxyFeature.SslSni] = (new Version(3, 2), "the 'show ssl sni' command"),
        // 2.8 brought the OCSP update task and its two commands (first documented in 2.8's guide; 2.6 has neither).
        // 'add ssl ca-file' is first documented in 2.7's guide; 2.6 answers it as an unknown command.
        [HaproxyFeature.CaFileAppend] = (new Version(2, 7), "appending to a CA file ('add ssl ca-file')"),
        [HaproxyFeature.OcspUpdate] = (new Version(2, 8), "OCSP automatic updates ('show ssl ocsp-updates', 'update ssl ocsp-response')"),
    };

    /// <summary>The first HAProxy version that has <paramref name="feature"/>.</summary>
    public static Version MinimumVersion(HaproxyFeature feature) => Table[feature].Minimum;

    /// <summary>What the feature is, in words, for messages.</summary>
    public static string Describe(HaproxyFeature feature) => Table[feature].What;

    /// <summary>Whether <paramref name="version"/> has <paramref name="feature"/>. An unknown version is given the benefit
    /// of the doubt: HAProxy itself then says what it does not know.</summary>
    public static bool Supports(Version? version, HaproxyFeature feature) =>
        version is null || version >= Table[feature].Minimum;

    /// <summary>Throws <see cref="HaproxyFeatureNotSupportedException"/> when the connected version lacks what the
    /// request needs — before anything is sent.</summary>
    public static void EnsureSupported(Version? version, string? versionText, CliRequest request)
    {
        if (request.RequiredFeature is HaproxyFeature feature && !Supports(version, feature))
        {
            throw new HaproxyFeatureNotSupportedException(feature, MinimumVersion(feature), versionText ?? version!.ToString(), request.Text);
        }
    }

    private static readonly Regex VersionPattern = new Regex(@"^(\d+)\.(\d+)(?:\.(\d+))?", RegexOptions.CultureInvariant);

    /// <summary>HAProxy's version text ("3.4.7-1", "2.6.12-1+deb12u1", "3.2-dev5") as a comparable version
    /// (major.minor.patch), or null when it is not one.</summary>
    public static Version? ParseVersion(string? text)
    {
        if (text is null) return null;
        var m = VersionPattern.Match(text.Trim());
        if (!m.Success) return null;
        int Part(int i) => m.Groups[i].Success ? int.Parse(m.Groups[i].Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        return new Version(Part(1), Part(2), Part(3));
    }
}
