using System.Management.Automation;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Operations;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Replaces a CRL file's revocation lists (<c>set ssl crl-file &lt;&lt;</c> then <c>commit ssl crl-file</c>,
/// admin level). Every bind line using the file is rebuilt on commit; any failure aborts the transaction, and the file
/// keeps its old lists.</summary>
[Cmdlet(VerbsCommon.Set, "HaproxyCrlFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PathSet)]
[OutputType(typeof(HaproxyCrlFile))]
public sealed class SetHaproxyCrlFileCommand : HaproxySslFileSetCmdlet
{
    /// <summary>The CRL file.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.CrlFileCompleter))]
    public string Name { get; set; } = string.Empty;

    protected override string FileName => Name;

    protected override SslStoreKind Kind => SslStoreKind.CrlFile;
}
