using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Replaces a certificate's content: <c>set ssl cert &lt;name&gt; &lt;&lt;</c> with the PEM, then <c>commit ssl
/// cert &lt;name&gt;</c>; on any failure <c>abort ssl cert &lt;name&gt;</c>, so the old certificate keeps serving and no
/// transaction stays open. High impact: every TLS client of every bind using it is served the new one.</summary>
[Cmdlet(VerbsCommon.Set, "HaproxyCertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PathSet)]
[OutputType(typeof(HaproxyCertificate))]
public sealed class SetHaproxyCertificateCommand : HaproxyCertificateContentCmdlet
{
    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var payload = ReadContent();
        var set = HaproxyRequests.SetSslStore(SslStoreKind.Certificate, Name, payload);
        if (!ShouldProcess(Name, $"Replace certificate ('{set.DisplayLine}', then 'commit ssl cert {set.Target}')")) return;
        Replace(session, payload);
        WritePassThru(session);
    }
}
