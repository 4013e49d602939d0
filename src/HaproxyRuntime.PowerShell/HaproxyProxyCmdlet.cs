using System;
using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// Shape shared by the cmdlets that act on one proxy (a backend or a frontend): it comes as -Name, or piped as the
/// proxy object (or a string, which PowerShell converts to one). Deliberately not bound from any object's Name
/// property: a piped HaproxyServer or map entry also has a Name, and must never be taken for a backend to publish or
/// delete.
/// </summary>
/// <remarks>Derived cmdlets declare <c>DefaultParameterSetName = ByObjectSet</c>: PowerShell binds pipeline input in the
/// default set first, and would otherwise never reach -InputObject.</remarks>
/// <typeparam name="T">HaproxyBackend or HaproxyFrontend.</typeparam>
public abstract class HaproxyProxyCmdlet<T> : HaproxySessionCmdlet where T : HaproxyObject
{
    protected const string ByNameSet = "ByName";
    protected const string ByObjectSet = "ByObject";

    private readonly Func<T, string> _nameOf;

    /// <param name="nameOf">The proxy object's name.</param>
    protected HaproxyProxyCmdlet(Func<T, string> nameOf) => _nameOf = nameOf;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByNameSet)]
    [ArgumentCompleter(typeof(Completion.ObjectNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>A proxy from its Get- cmdlet (or a name piped as a string).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByObjectSet, ValueFromPipeline = true)]
    public T? InputObject { get; set; }

    /// <summary>The proxy this record is about, whichever way it was given.</summary>
    protected string ProxyName => InputObject is null ? Name : _nameOf(InputObject);
}

/// <summary>Shape shared by the cmdlets that change one proxy with one request: ShouldProcess shows the request, and
/// -PassThru re-reads the proxy so the next cmdlet sees its new state.</summary>
/// <typeparam name="T">HaproxyBackend or HaproxyFrontend.</typeparam>
public abstract class HaproxyProxyChangeCmdlet<T> : HaproxyProxyCmdlet<T> where T : HaproxyObject
{
    private readonly Func<T, string> _nameOf;
    private readonly Func<CliRequest<List<T>>> _list;
    private readonly string _noun;

    /// <param name="nameOf">The proxy object's name.</param>
    /// <param name="list">Builds the request that lists every proxy of the kind (for -PassThru).</param>
    /// <param name="noun">The kind, for messages.</param>
    protected HaproxyProxyChangeCmdlet(Func<T, string> nameOf, Func<CliRequest<List<T>>> list, string noun) : base(nameOf)
    {
        _nameOf = nameOf;
        _list = list;
        _noun = noun;
    }

    /// <summary>Write the proxy, as HAProxy reports it after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The request this cmdlet sends for <see cref="HaproxyProxyCmdlet{T}.ProxyName"/>.</summary>
    protected abstract CliRequest<CliDone> BuildCommand();

    /// <summary>Requests sent after <see cref="BuildCommand"/>'s, in order, by a cmdlet that changes more than one
    /// setting (Set-HaproxyBackend: the dynamic-cookie key, then the switch); each is offered to ShouldProcess, and a
    /// refusal stops the ones after it. None by default.</summary>
    protected virtual IEnumerable<CliRequest<CliDone>> BuildFollowingCommands() => Array.Empty<CliRequest<CliDone>>();

    /// <summary>A wait that must succeed before the change is sent (e.g. Publish-HaproxyBackend -WaitHealthy); its
    /// failure leaves the proxy unchanged. Null: none.</summary>
    protected virtual CliRequest<CliDone>? BuildPrecondition() => null;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var commands = new List<CliRequest<CliDone>> { BuildCommand() };
        commands.AddRange(BuildFollowingCommands());
        var precondition = BuildPrecondition();
        var approved = commands.FindAll(c => ShouldProcess(c));
        if (approved.Count == 0) return;
        if (precondition != null) Invoke(session, precondition);
        foreach (var command in approved) Invoke(session, command);
        if (PassThru && ReadOne(session, _list(), _nameOf, ProxyName, _noun) is { } proxy) WriteObject(proxy);
    }
}

/// <summary>A change of one backend (publish, unpublish).</summary>
public abstract class HaproxyBackendChangeCmdlet : HaproxyProxyChangeCmdlet<HaproxyBackend>
{
    protected HaproxyBackendChangeCmdlet() : base(b => b.Name, HaproxyRequests.GetBackends, "Backend") { }
}

/// <summary>A change of one frontend (enable, disable, maxconn).</summary>
public abstract class HaproxyFrontendChangeCmdlet : HaproxyProxyChangeCmdlet<HaproxyFrontend>
{
    protected HaproxyFrontendChangeCmdlet() : base(f => f.Name, HaproxyRequests.GetFrontends, "Frontend") { }
}
