using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell;

/// <summary>What the CA file and CRL file changes share: the kind, its noun, and the file read back for -PassThru. The
/// twins (New-/Set-/Remove-HaproxyCaFile and -CrlFile) declare only their -Name (each with its completer) and, for CA
/// files, -Certificate and -Append.</summary>
public abstract class HaproxySslFileCmdlet : HaproxySessionCmdlet
{
    /// <summary>CaFile or CrlFile.</summary>
    protected abstract SslStoreKind Kind { get; }

    protected string Noun => Kind == SslStoreKind.CaFile ? "CA file" : "CRL file";

    /// <summary>The file as HAProxy now has it, for -PassThru.</summary>
    protected void WriteFile(HaproxySession session, string name)
    {
        WriteObject(Kind == SslStoreKind.CaFile ? Invoke(session, HaproxyRequests.GetCaFile(name)) : (object)Invoke(session, HaproxyRequests.GetCrlFile(name)));
    }
}

/// <summary>New-HaproxyCaFile, New-HaproxyCrlFile: <c>new ssl ca-file|crl-file</c>, an empty file to fill with Set-.</summary>
public abstract class HaproxySslFileNewCmdlet : HaproxySslFileCmdlet
{
    protected abstract string[] Names { get; }

    /// <summary>Write the new file after it is created.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        foreach (var name in Names)
        {
            Guarded(() =>
            {
                var command = HaproxyRequests.NewSslFile(Kind, name);
                if (!ShouldProcess(command)) return;
                Invoke(session, command);
                if (PassThru) WriteFile(session, name);
            }, name);
        }
    }
}

/// <summary>Remove-HaproxyCaFile, Remove-HaproxyCrlFile: <c>del ssl ca-file|crl-file</c>. The name is first looked up in
/// the kind's own list, since HAProxy's <c>del ssl ca-file</c> would also delete a CRL file of that name.</summary>
public abstract class HaproxySslFileRemoveCmdlet : HaproxySslFileCmdlet
{
    protected abstract string[] Names { get; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var known = Invoke(session, HaproxyRequests.GetSslStores(Kind)).Names;
        foreach (var name in Names)
        {
            Guarded(() =>
            {
                var command = HaproxyRequests.RemoveSslFile(Kind, name);
                if (!known.Contains(name, StringComparer.Ordinal))
                {
                    WriteError(ErrorRecordFactory.NotFound($"{Noun} '{name}' does not exist.{NameSuggestion.For(name, known)}", name));
                    return;
                }
                if (ShouldProcess(command)) Invoke(session, command);
            }, name);
        }
    }
}

/// <summary>Set-HaproxyCaFile, Set-HaproxyCrlFile: the file's content replaced (or, for a CA file with -Append, added
/// to) through HAProxy's transaction (SslTransaction: set or add, then commit; abort on any failure).</summary>
public abstract class HaproxySslFileSetCmdlet : HaproxySslFileCmdlet
{
    protected const string PathSet = "Path";
    protected const string PemSet = "Pem";

    protected abstract string FileName { get; }

    /// <summary>Write the file (status and content) after the commit.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>A PEM file to send.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
    public string Path { get; set; } = string.Empty;

    /// <summary>PEM text to send.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PemSet)]
    public string Pem { get; set; } = string.Empty;

    /// <summary>Whether the content is added to the file (add ssl ca-file) rather than replacing it.</summary>
    protected virtual bool Appending => false;

    /// <summary>The content of a parameter set of the twin's own (CA files: -Certificate), or null.</summary>
    protected virtual string? OwnContent() => null;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        string text = ParameterSetName switch
        {
            PathSet => ReadPem(),
            PemSet => Pem,
            _ => OwnContent() ?? throw new HaproxyArgumentException(ParameterSetName, "No content was given."),
        };
        var payload = CliPayload.FromText(text, ParameterSetName);
        var set = HaproxyRequests.SetSslStore(Kind, FileName, payload, Appending);
        var commit = HaproxyRequests.CommitSslStore(Kind, FileName);
        // One confirmation for the whole transaction; a request the connected HAProxy lacks (add ssl ca-file on 2.6) is
        // refused before it is offered.
        session.EnsureSendable(set);
        if (!ShouldProcess(FileName, $"{(Appending ? "Add to" : "Replace")} {Noun} content ('{set.DisplayLine}', then '{commit.DisplayText}')")) return;
        var result = RunOperation(session, FileName, sending => SslTransaction.Replace(session, Kind, FileName, payload, Appending, CancelToken, sending));
        if (result.TookOverTransaction)
        {
            WriteWarning($"A transaction for {Noun.ToLowerInvariant()} '{FileName}' was already open; its staged content was replaced by this one and committed.");
        }
        if (PassThru) WriteFile(session, FileName);
    }

    private string ReadPem()
    {
        string full = Path;
        try
        {
            full = OnPipeline(() => SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path));
            return File.ReadAllText(full);
        }
        catch (Exception ex) when (!(ex is PipelineStoppedException))
        {
            // Any path PowerShell or the file system cannot read (no such drive, a directory, a bad character) is the
            // caller's: refused before anything is sent.
            throw new HaproxyArgumentException("Path", $"Cannot read '{full}': {ex.Message}");
        }
    }

    /// <summary>Certificates as PEM blocks, one after the other.</summary>
    protected static string ToPem(X509Certificate2[] certificates)
    {
        var pem = new StringBuilder();
        foreach (var certificate in certificates)
        {
            string b64 = Convert.ToBase64String(certificate.RawData);
            pem.Append("-----BEGIN CERTIFICATE-----\n");
            for (int i = 0; i < b64.Length; i += 64) pem.Append(b64, i, Math.Min(64, b64.Length - i)).Append('\n');
            pem.Append("-----END CERTIFICATE-----\n");
        }
        return pem.ToString();
    }
}
