using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// Shape shared by the cmdlets that change one backend: the backend comes as -Name, or piped as a HaproxyBackend
/// (or a string, which PowerShell converts to one). Deliberately not bound from any object's Name property: a piped
/// HaproxyServer or map entry also has a Name, and must never be taken for a backend to publish or delete.
/// </summary>
/// <remarks>Derived cmdlets declare <c>DefaultParameterSetName = ByObjectSet</c>: PowerShell binds pipeline input in the
/// default set first, and would otherwise never reach -InputObject.</remarks>
public abstract class HaproxyBackendChangeCmdlet : HaproxySessionCmdlet
{
    protected const string ByNameSet = "ByName";
    protected const string ByObjectSet = "ByObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByNameSet)]
    public string Name { get; set; } = string.Empty;

    /// <summary>A backend from Get-HaproxyBackend (or a backend name piped as a string).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByObjectSet, ValueFromPipeline = true)]
    public HaproxyBackend? InputObject { get; set; }

    /// <summary>The backend this record is about, whichever way it was given.</summary>
    protected string BackendName => InputObject?.Name ?? Name;
}
