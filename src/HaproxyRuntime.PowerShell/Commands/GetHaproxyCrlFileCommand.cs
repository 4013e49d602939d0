using System.Management.Automation;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns the CRL files HAProxy holds (<c>show ssl crl-file</c>); named, each with its status and revocation
/// lists (<c>show ssl crl-file &lt;name&gt;</c>).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyCrlFile")]
[OutputType(typeof(HaproxyCrlFile))]
public sealed class GetHaproxyCrlFileCommand : HaproxySslFileGetCmdlet<HaproxyCrlFile>
{
    public GetHaproxyCrlFileCommand()
        : base(HaproxyRequests.GetCrlFiles, (n, t) => HaproxyRequests.GetCrlFile(n, t), f => f.Name, f => f.Transaction, "CRL file")
    {
    }

    /// <summary>CRL file name(s); wildcards allowed. Every CRL file (without its lists) when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.CrlFileCompleter))]
    public string[]? Name { get; set; }

    protected override string[]? Names => Name;
}
