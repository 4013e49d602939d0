using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Creates an empty certificate store (<c>new ssl cert &lt;name&gt;</c>), to be used by a crt-list entry
/// (Add-HaproxyCrtListEntry); with content, fills and commits it in the same call (set, commit; on failure abort and
/// delete the empty store again, so the call leaves nothing behind).</summary>
[Cmdlet(VerbsCommon.New, "HaproxyCertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = EmptySet)]
[OutputType(typeof(HaproxyCertificate))]
public sealed class NewHaproxyCertificateCommand : HaproxyCertificateContentCmdlet
{
    private const string EmptySet = "Empty";

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var payload = HasContent ? ReadContent() : null;
        var create = HaproxyRequests.NewCertificate(Name);
        string action = payload is null ? $"{create.Action} ('{create.Text}')" : $"{create.Action} and fill it ('{create.Text}', 'set ssl cert {create.Target} {payload.Describe()}', 'commit ssl cert {create.Target}')";
        if (!ShouldProcess(Name, action)) return;
        Invoke(session, create);
        if (payload != null)
        {
            try
            {
                Replace(session, payload);
            }
            catch (HaproxyException)
            {
                // The store was made by this call and is empty: take it away again, best effort.
                try { Invoke(session, HaproxyRequests.RemoveCertificate(Name)); }
                catch (HaproxyException) { }
                throw;
            }
        }
        WritePassThru(session);
    }
}
