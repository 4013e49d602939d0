using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists the certificate stores with their details: <c>show ssl cert</c>, then <c>show ssl cert &lt;name&gt;</c>
/// for each one selected (and <c>show ssl cert *&lt;name&gt;</c> for the open transaction's staged content, marked
/// Uncommitted); the crt-lists using each are read with <c>show ssl crt-list</c> (admin level; left empty below it).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyCertificate")]
[OutputType(typeof(HaproxyCertificate))]
public sealed class GetHaproxyCertificateCommand : HaproxySessionCmdlet
{
    /// <summary>Certificate name(s), wildcards allowed; all when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.CertificateCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var stores = Invoke(session, HaproxyRequests.GetSslStores(SslStoreKind.Certificate));
        var items = stores.Names.Select(n => (Name: n, Uncommitted: false)).ToList();
        if (stores.Transaction is string open) items.Add((open, true));
        var selected = WildcardFilter.Apply(WriteError, items, Name, i => i.Name, "Certificate").ToList();
        if (selected.Count == 0) return;
        var users = RunOperation(session, null, sending => CertificateReader.ReadUsers(session, CancelToken, sending));
        if (users is null) WriteVerbose("UsedBy is not read: 'show ssl crt-list' needs an admin-level socket.");
        foreach (var item in selected)
        {
            Guarded(() => WriteObject(RunOperation(session, item.Name, sending => CertificateReader.Read(session, item.Name, item.Uncommitted, users, CancelToken, sending))), item.Name);
        }
    }
}
