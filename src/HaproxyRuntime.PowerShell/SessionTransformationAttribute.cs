using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client;

namespace HaproxyRuntime.PowerShell;

/// <summary>Lets -Session take what Get-HaproxySession shows: a session, its Id (Disconnect-Haproxy 2) or its Name
/// (-Session prod), each resolved among the open sessions of this runspace. Objects read from HAProxy carry their
/// session's name as Session, so piped objects (also after ConvertFrom-Json, Import-Csv or Import-Clixml) bind to it
/// by name; a name no session of this runspace has is looked up in the other runspaces of the process.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SessionTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject pso ? pso.BaseObject : inputData;
        if (value is HaproxySession || value is HaproxySession[]) return value;
        if (value is IEnumerable many && !(value is string))
        {
            var sessions = new List<HaproxySession>();
            foreach (var item in many) sessions.Add(Resolve(item));
            return sessions.ToArray();
        }
        return Resolve(value);
    }

    /// <summary>"&lt;master session&gt;@&lt;worker&gt;", the name of a master session's view of one worker (objects read with
    /// -Worker carry it): that session routed again, so piped objects go back to the process they came from.</summary>
    private static HaproxySession? RoutedView(string name)
    {
        int at = name.LastIndexOf('@');
        if (at <= 0 || at == name.Length - 1) return null;
        string parentName = name.Substring(0, at);
        var parent = SessionRegistry.Current.Find(parentName) ?? SessionRegistry.InProcessNamed(parentName);
        if (parent is null || !parent.IsMaster) return null;
        try
        {
            return parent.Route(name.Substring(at + 1));
        }
        catch (HaproxyRuntime.Client.Errors.HaproxyException ex)
        {
            throw new ArgumentTransformationMetadataException($"Session '{name}' is worker '{name.Substring(at + 1)}' of master session '{parentName}', which cannot reach it now: {ex.Message}", ex);
        }
    }

    private static HaproxySession Resolve(object? item)
    {
        object? value = item is PSObject pso ? pso.BaseObject : item;
        if (value is HaproxySession session) return session;
        if (SessionRegistry.Current.Find(value) is { } found) return found;
        if (value is string named && named.Length > 0 && SessionRegistry.InProcessNamed(named) is { } elsewhere) return elsewhere;
        if (value is string routedName && RoutedView(routedName) is { } routed) return routed;
        throw new ArgumentTransformationMetadataException(
            SessionRegistry.AsId(value) is int id ? $"No open HAProxy session has Id {id}. Get-HaproxySession lists the open ones."
            : value is string name && name.Length > 0 ? $"No open HAProxy session is named '{name}'. Get-HaproxySession lists the open ones; objects piped from another HAProxy or read back from a file go to the one -Session names."
            : $"'{value}' is not a HAProxy session: give a session (Get-HaproxySession), its Id or its Name.");
    }
}
