using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Operations;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Replaces a CA file's certificates (<c>set ssl ca-file &lt;&lt;</c> then <c>commit ssl ca-file</c>, admin
/// level), or adds to them with -Append (<c>add ssl ca-file</c>, HAProxy 2.7+). Every bind line using the file is
/// rebuilt on commit; any failure aborts the transaction, and the file keeps its old certificates.</summary>
[Cmdlet(VerbsCommon.Set, "HaproxyCaFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PathSet)]
[OutputType(typeof(HaproxyCaFile))]
public sealed class SetHaproxyCaFileCommand : HaproxySslFileSetCmdlet
{
    private const string CertificateSet = "Certificate";

    /// <summary>The CA file.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.CaFileCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>Certificates to send (their public part, as PEM).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
    public X509Certificate2[] Certificate { get; set; } = null!;

    /// <summary>Add the certificates to the file instead of replacing its content.</summary>
    [Parameter]
    public SwitchParameter Append { get; set; }

    protected override string FileName => Name;

    protected override SslStoreKind Kind => SslStoreKind.CaFile;

    protected override bool Appending => Append;

    protected override string? OwnContent() => ParameterSetName == CertificateSet ? ToPem(Certificate) : null;
}
