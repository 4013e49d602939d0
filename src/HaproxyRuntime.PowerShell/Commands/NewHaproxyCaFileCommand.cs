using System.Management.Automation;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Operations;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Creates an empty CA file (<c>new ssl ca-file</c>, admin level), to fill with Set-HaproxyCaFile and use from a
/// crt-list entry.</summary>
[Cmdlet(VerbsCommon.New, "HaproxyCaFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(HaproxyCaFile))]
public sealed class NewHaproxyCaFileCommand : HaproxySslFileNewCmdlet
{
    /// <summary>The new CA file's name(s): a path, as crt-list entries will name it.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[] Name { get; set; } = null!;

    protected override string[] Names => Name;

    protected override SslStoreKind Kind => SslStoreKind.CaFile;
}
