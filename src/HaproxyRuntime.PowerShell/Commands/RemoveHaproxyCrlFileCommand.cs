using System.Management.Automation;
using HaproxyRuntime.Client.Operations;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Removes CRL files no bind line or crt-list uses (<c>del ssl crl-file</c>, admin level).</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyCrlFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveHaproxyCrlFileCommand : HaproxySslFileRemoveCmdlet
{
    /// <summary>The CRL file(s) to remove.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.CrlFileCompleter))]
    public string[] Name { get; set; } = null!;

    protected override string[] Names => Name;

    protected override SslStoreKind Kind => SslStoreKind.CrlFile;
}
