using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Changes a backend's runtime settings: dynamic cookies on or off (<c>enable|disable dynamic-cookie
/// backend</c>) and their secret key (<c>set dynamic-cookie-key backend</c>). Given both, the key is sent first, so
/// cookies are never computed from the old key once enabled. The key never appears in -WhatIf, -Verbose or errors.</summary>
[Cmdlet(VerbsCommon.Set, "HaproxyBackend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(HaproxyBackend))]
public sealed class SetHaproxyBackendCommand : HaproxyBackendChangeCmdlet
{
    /// <summary>Turn dynamic cookies on ($true) or off ($false).</summary>
    [Parameter]
    public bool? DynamicCookie { get; set; }

    /// <summary>The secret the servers' dynamic cookies are computed from.</summary>
    [Parameter]
    public SecureString? DynamicCookieKey { get; set; }

    protected override CliRequest<CliDone> BuildCommand()
    {
        if (DynamicCookieKey != null) return HaproxyRequests.SetDynamicCookieKey(ProxyName, Reveal(DynamicCookieKey));
        if (DynamicCookie is bool enabled) return HaproxyRequests.SetDynamicCookie(ProxyName, enabled);
        throw new HaproxyArgumentException("DynamicCookie", "Give at least one setting to change (-DynamicCookie, -DynamicCookieKey).");
    }

    /// <summary>The key's text, every character of it. Not NetworkCredential.Password, which stops at the first NUL: a
    /// key holding one would be sent cut short instead of being refused (found by FuzzEveryParameter).</summary>
    private static string Reveal(SecureString secret)
    {
        IntPtr text = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try { return Marshal.PtrToStringUni(text, secret.Length); }
        finally { Marshal.ZeroFreeGlobalAllocUnicode(text); }
    }

    protected override IEnumerable<CliRequest<CliDone>> BuildFollowingCommands()
    {
        if (DynamicCookieKey != null && DynamicCookie is bool enabled) yield return HaproxyRequests.SetDynamicCookie(ProxyName, enabled);
    }
}
