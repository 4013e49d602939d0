using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Adds a certificate to a crt-list: <c>add ssl crt-list &lt;crtlist&gt; &lt;cert&gt;</c>, or with SNI filters or
/// SSL options the payload form (one line, "&lt;cert&gt; [&lt;options&gt;] &lt;filters&gt;"), the only form HAProxy
/// takes them in. The certificate must hold content (committed). New TLS handshakes whose SNI matches use it at once.</summary>
[Cmdlet(VerbsCommon.Add, "HaproxyCrtListEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HaproxyCrtListEntry))]
public sealed class AddHaproxyCrtListEntryCommand : HaproxySessionCmdlet
{
    /// <summary>The crt-list (its file name, as Get-HaproxyCrtListEntry shows it).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.CrtListCompleter))]
    public string CrtList { get; set; } = string.Empty;

    /// <summary>The certificate store the entry serves.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.CertificateCompleter))]
    public string Certificate { get; set; } = string.Empty;

    /// <summary>SNI filters ("*.example.com", "!bad.example.com"); without any, the certificate's own names.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("SniFilters")]
    public string[]? SniFilter { get; set; }

    /// <summary>SSL bind options of the entry, one per element ("alpn h2,http/1.1", "verify none", "ssl-min-ver TLSv1.2").</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Options")]
    public string[]? Option { get; set; }

    /// <summary>Returns the entry as HAProxy lists it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = HaproxyRequests.AddCrtListEntry(CrtList, Certificate, SniFilter, Option);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
        if (PassThru)
        {
            // HAProxy numbers the new entry after the last one (ssl_crtlist.c: linenum = ++linecount).
            var added = Invoke(session, HaproxyRequests.GetCrtListEntries(CrtList)).LastOrDefault(e => e.Certificate == Certificate);
            if (added != null) WriteObject(added);
            else WriteError(ErrorRecordFactory.NotFoundAfterChange("crt-list entry", $"{CrtList} {Certificate}"));
        }
    }
}
