using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell;

/// <summary>The code behind the members HaproxyRuntime.Types.ps1xml adds to sessions.</summary>
public static class SessionMembers
{
    /// <summary>IsDefault: the session is the one this runspace's cmdlets use without -Session.</summary>
    public static bool IsDefault(PSObject instance) =>
        instance?.BaseObject is HaproxySession session && SessionRegistry.Current.IsDefault(session);

    /// <summary>Session, on every object read from HAProxy: the name of the session it came from. A name, not the
    /// session, so ConvertTo-Json, Export-Clixml and Export-Csv write one short value; -Session binds it back by
    /// name (SessionTransformationAttribute), the live session when it is still open.</summary>
    public static string? SessionName(PSObject instance) =>
        instance?.BaseObject is HaproxyObject item ? item.GetSession()?.Name : null;
}
