using System;
using System.IO;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Replaces the OCSP response HAProxy staples for a certificate (<c>set ssl ocsp-response &lt;&lt;</c>, admin
/// level): HAProxy finds the certificate from the response itself, checks it as at start-up and keeps the old one when
/// it refuses it.</summary>
[Cmdlet(VerbsCommon.Set, "HaproxyOcspResponse", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
[OutputType(typeof(void))]
public sealed class SetHaproxyOcspResponseCommand : HaproxySessionCmdlet
{
    private const string PathSet = "Path";
    private const string ResponseSet = "Response";
    private const string Base64Set = "Base64";

    /// <summary>A file holding the DER-encoded response (as 'openssl ocsp -respout' writes it).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    public string Path { get; set; } = string.Empty;

    /// <summary>The DER-encoded response.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ResponseSet)]
    public byte[] Response { get; set; } = null!;

    /// <summary>The response in base64 (as 'show ssl ocsp-response base64' prints it).</summary>
    [Parameter(Mandatory = true, ParameterSetName = Base64Set)]
    public string Base64 { get; set; } = string.Empty;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        byte[] der = ParameterSetName switch
        {
            PathSet => ReadFile(),
            Base64Set => FromBase64(),
            _ => Response,
        };
        var command = HaproxyRequests.SetOcspResponse(der);
        if (!ShouldProcess(command, ParameterSetName == PathSet ? Path : command.Target)) return;
        Invoke(session, command);
    }

    private byte[] ReadFile()
    {
        string full = Path;
        try
        {
            full = OnPipeline(() => SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path));
            return File.ReadAllBytes(full);
        }
        catch (Exception ex) when (!(ex is PipelineStoppedException))
        {
            // Any path PowerShell or the file system cannot read (no such drive, a directory, a bad character) is the
            // caller's: refused before anything is sent.
            throw new HaproxyArgumentException("Path", $"Cannot read '{full}': {ex.Message}");
        }
    }

    private byte[] FromBase64()
    {
        try
        {
            return Convert.FromBase64String(Base64.Trim());
        }
        catch (FormatException)
        {
            throw new HaproxyArgumentException("Base64", "The response is not base64 text. Nothing was sent.");
        }
    }
}
