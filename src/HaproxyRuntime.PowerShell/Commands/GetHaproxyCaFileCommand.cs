using System.Management.Automation;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns the CA files HAProxy holds (<c>show ssl ca-file</c>); named, each with its status and certificates
/// (<c>show ssl ca-file &lt;name&gt;</c>).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyCaFile")]
[OutputType(typeof(HaproxyCaFile))]
public sealed class GetHaproxyCaFileCommand : HaproxySslFileGetCmdlet<HaproxyCaFile>
{
    public GetHaproxyCaFileCommand()
        : base(HaproxyRequests.GetCaFiles, (n, t) => HaproxyRequests.GetCaFile(n, t), f => f.Name, f => f.Transaction, "CA file")
    {
    }

    /// <summary>CA file name(s); wildcards allowed. Every CA file (without its certificates) when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.CaFileCompleter))]
    public string[]? Name { get; set; }

    protected override string[]? Names => Name;
}
