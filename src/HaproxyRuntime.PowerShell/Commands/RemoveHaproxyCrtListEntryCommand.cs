using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Removes a crt-list entry (<c>del ssl crt-list &lt;crtlist&gt; &lt;cert[:line]&gt;</c>); -Line (a piped entry's
/// Line) names one of several entries of the same certificate. HAProxy refuses the entry a bind uses as its default
/// certificate (HaproxyObjectNotRemovable).</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyCrtListEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemoveHaproxyCrtListEntryCommand : HaproxySessionCmdlet
{
    /// <summary>The crt-list.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.CrtListCompleter))]
    public string CrtList { get; set; } = string.Empty;

    /// <summary>The certificate of the entry.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.CertificateCompleter))]
    public string Certificate { get; set; } = string.Empty;

    /// <summary>The entry's line number (Get-HaproxyCrtListEntry's Line), needed when the certificate has several.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int? Line { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = HaproxyRequests.RemoveCrtListEntry(CrtList, Certificate, Line);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
    }
}
