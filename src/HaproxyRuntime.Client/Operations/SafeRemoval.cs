using System;
using System.Collections.Generic;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.Client.Operations;

/// <summary>
/// The ordered steps that take a server or a dynamic backend out of service and delete it without cutting traffic
/// (unless forced). Returned as a plan, so the caller can show it (-WhatIf), report progress between steps, and stop
/// at the first failure: a server whose wait times out stays in maintenance and is never half-deleted.
/// </summary>
public static class SafeRemoval
{
    /// <summary>drain → maint → (force: shutdown sessions server) → wait &lt;timeout&gt; srv-removable → del server.</summary>
    public static List<CliRequest<CliDone>> ServerSteps(string backend, string name, TimeSpan timeout, bool force)
    {
        var steps = new List<CliRequest<CliDone>>
        {
            HaproxyRequests.SetServerState(backend, name, HaproxyServerState.Drain),
            HaproxyRequests.SetServerState(backend, name, HaproxyServerState.Maint),
        };
        if (force) steps.Add(HaproxyRequests.ShutdownServerStreams(backend, name));
        steps.Add(HaproxyRequests.WaitServerRemovable(backend, name, timeout));
        steps.Add(HaproxyRequests.RemoveServer(backend, name));
        return steps;
    }

    /// <summary>unpublish backend → each server's <see cref="ServerSteps"/> → wait be-removable → del backend.</summary>
    public static List<CliRequest<CliDone>> BackendSteps(string backend, IEnumerable<string> servers, TimeSpan timeout, bool force)
    {
        var steps = new List<CliRequest<CliDone>> { HaproxyRequests.UnpublishBackend(backend) };
        foreach (var server in servers) steps.AddRange(ServerSteps(backend, server, timeout, force));
        steps.Add(HaproxyRequests.WaitBackendRemovable(backend, timeout));
        steps.Add(HaproxyRequests.RemoveBackend(backend));
        return steps;
    }
}
