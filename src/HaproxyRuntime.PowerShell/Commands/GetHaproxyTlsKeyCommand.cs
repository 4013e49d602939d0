using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns the TLS ticket keys references (<c>show tls-keys</c>, admin level); with -IncludeKey, each with its
/// three keys as SecureStrings (<c>show tls-keys *</c>).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyTlsKey")]
[OutputType(typeof(HaproxyTlsKeyFile))]
public sealed class GetHaproxyTlsKeyCommand : HaproxySessionCmdlet
{
    /// <summary>Reference(s): the keys file or '#&lt;id&gt;'; wildcards allowed. Every reference when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [Alias("File")]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.TlsKeyReferenceCompleter))]
    public string[]? Reference { get; set; }

    /// <summary>Also read the keys (secrets): one 'show tls-keys *' instead of the list.</summary>
    [Parameter]
    public SwitchParameter IncludeKey { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var all = Invoke(session, IncludeKey ? HaproxyRequests.GetTlsKeys() : HaproxyRequests.GetTlsKeyFiles());
        // The keys inside a reference carry its session too, so '.Keys | Set-HaproxyTlsKey' targets the same HAProxy.
        foreach (var key in all.SelectMany(f => f.Keys)) key.AttachTo(session);
        WriteObject(WildcardFilter.Apply(WriteError, all, Reference, f => new[] { f.File, "#" + f.Id }, "TLS ticket keys reference").ToList(), enumerateCollection: true);
    }
}
