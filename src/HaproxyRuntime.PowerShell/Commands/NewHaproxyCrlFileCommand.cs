using System.Management.Automation;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Operations;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Creates an empty CRL file (<c>new ssl crl-file</c>, admin level), to fill with Set-HaproxyCrlFile and use from a
/// crt-list entry.</summary>
[Cmdlet(VerbsCommon.New, "HaproxyCrlFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(HaproxyCrlFile))]
public sealed class NewHaproxyCrlFileCommand : HaproxySslFileNewCmdlet
{
    /// <summary>The new CRL file's name(s): a path, as crt-list entries will name it.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[] Name { get; set; } = null!;

    protected override string[] Names => Name;

    protected override SslStoreKind Kind => SslStoreKind.CrlFile;
}
