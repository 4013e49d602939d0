using System;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Sets the next TLS ticket key of a reference (<c>set ssl tls-key</c>, admin level). The key is a secret:
/// -Verbose, -WhatIf and errors show it as &lt;secret&gt;.</summary>
[Cmdlet(VerbsCommon.Set, "HaproxyTlsKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = KeySet)]
[OutputType(typeof(HaproxyTlsKeyFile))]
public sealed class SetHaproxyTlsKeyCommand : HaproxySessionCmdlet
{
    private const string KeySet = "Key";
    private const string BytesSet = "KeyBytes";

    /// <summary>The reference: its keys file, or '#&lt;id&gt;'.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("File")]
    [ArgumentCompleter(typeof(Completion.TlsKeyReferenceCompleter))]
    public string Reference { get; set; } = string.Empty;

    /// <summary>The key as HAProxy shows and takes it: base64 of 48 or 80 bytes, in a SecureString.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = KeySet, ValueFromPipelineByPropertyName = true)]
    public SecureString Key { get; set; } = null!;

    /// <summary>The key as bytes: 48 (128-bit reference) or 80 (256-bit).</summary>
    [Parameter(Mandatory = true, ParameterSetName = BytesSet)]
    public byte[] KeyBytes { get; set; } = null!;

    /// <summary>Write the reference (without its keys) after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        byte[] key = ParameterSetName == BytesSet ? (byte[])KeyBytes.Clone() : HaproxyRequests.DecodeTlsKey(Plain(Key), "Key");
        try
        {
            var command = HaproxyRequests.SetTlsKey(Reference, key);
            if (!ShouldProcess(command)) return;
            Invoke(session, command);
        }
        finally
        {
            Array.Clear(key, 0, key.Length);
        }
        if (PassThru)
        {
            var found = Invoke(session, HaproxyRequests.GetTlsKeyFiles()).FirstOrDefault(f => f.File == Reference || "#" + f.Id == Reference);
            if (found is null) WriteError(ErrorRecordFactory.NotFoundAfterChange("TLS ticket keys reference", Reference));
            else WriteObject(found);
        }
    }

    private static string Plain(SecureString secure)
    {
        IntPtr p = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            return Marshal.PtrToStringUni(p) ?? string.Empty;
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(p);
        }
    }
}
