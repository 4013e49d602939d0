using System.Management.Automation;
using HaproxyRuntime.Client;

namespace HaproxyRuntime.PowerShell;

/// <summary>The code behind the members HaproxyRuntime.Types.ps1xml adds to sessions.</summary>
public static class SessionMembers
{
    /// <summary>IsDefault: the session is the one this runspace's cmdlets use without -Session.</summary>
    public static bool IsDefault(PSObject instance) =>
        instance?.BaseObject is HaproxySession session && SessionRegistry.Current.IsDefault(session);
}
