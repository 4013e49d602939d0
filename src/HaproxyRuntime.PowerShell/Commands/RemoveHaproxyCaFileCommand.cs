using System.Management.Automation;
using HaproxyRuntime.Client.Operations;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Removes CA files no bind line or crt-list uses (<c>del ssl ca-file</c>, admin level).</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyCaFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveHaproxyCaFileCommand : HaproxySslFileRemoveCmdlet
{
    /// <summary>The CA file(s) to remove.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.CaFileCompleter))]
    public string[] Name { get; set; } = null!;

    protected override string[] Names => Name;

    protected override SslStoreKind Kind => SslStoreKind.CaFile;
}
