using System;
using System.Collections.Generic;
using System.Threading;
using HaproxyRuntime.Client.Answers;
using HaproxyRuntime.Client.Errors;
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
    /// <summary>drain → maint → (force: shutdown sessions server) → wait &lt;timeout&gt; srv-removable → del server.
    /// Before HAProxy 3.0 (<paramref name="haproxy"/>), the wait is the poll that does its job
    /// (<see cref="HaproxyRequests.PollServerRemovable"/>).</summary>
    /// <param name="backend">The backend.</param>
    /// <param name="name">The server.</param>
    /// <param name="timeout">How long the wait for the server's streams may take.</param>
    /// <param name="force">Close the remaining streams instead of waiting for them.</param>
    /// <param name="haproxy">The connected HAProxy's version, when known.</param>
    /// <param name="drainFor">A drain period between drain and maintenance, for clients that stick to the server
    /// (persistence): they may still come back to it while it drains, not after maintenance.</param>
    public static List<CliRequest<CliDone>> ServerSteps(string backend, string name, TimeSpan timeout, bool force, Version? haproxy = null,
                                                        TimeSpan drainFor = default)
    {
        if (drainFor < TimeSpan.Zero || drainFor > TimeSpan.FromDays(1))
        {
            throw new HaproxyArgumentException("DrainFor", "The drain period must be between 0 and 1 day.");
        }
        var steps = new List<CliRequest<CliDone>>
        {
            HaproxyRequests.SetServerState(backend, name, HaproxyServerState.Drain).ThenPause(drainFor),
            HaproxyRequests.SetServerState(backend, name, HaproxyServerState.Maint),
        };
        if (force) steps.Add(HaproxyRequests.ShutdownServerStreams(backend, name));
        steps.Add(HaproxyRequests.WaitServerRemovable(backend, name, timeout, haproxy));
        steps.Add(HaproxyRequests.RemoveServer(backend, name));
        return steps;
    }

    /// <summary>unpublish backend → del map (each of <paramref name="routes"/>, by reference) → each server's
    /// <see cref="ServerSteps"/> → wait be-removable → del backend. Unpublished first: from then on no request is
    /// routed to the backend (they go to the frontend's default), so none meets it without a server.</summary>
    /// <param name="backend">The backend.</param>
    /// <param name="servers">Its servers.</param>
    /// <param name="timeout">How long each wait may take.</param>
    /// <param name="force">Close remaining streams instead of waiting for them.</param>
    /// <param name="routes">Map entries that route to the backend (<see cref="FindRoutes"/>), removed once it is
    /// unpublished so none is left pointing at a deleted backend.</param>
    public static List<CliRequest<CliDone>> BackendSteps(string backend, IEnumerable<string> servers, TimeSpan timeout, bool force,
                                                         IEnumerable<HaproxyMapEntry>? routes = null)
    {
        var steps = new List<CliRequest<CliDone>> { HaproxyRequests.UnpublishBackend(backend) };
        foreach (var route in routes ?? Array.Empty<HaproxyMapEntry>())
        {
            steps.Add(HaproxyRequests.RemoveMapEntryByRef(route.Map, route.Ref ?? throw new ArgumentException($"The map entry '{route}' has no reference.", nameof(routes))));
        }
        foreach (var server in servers) steps.AddRange(ServerSteps(backend, server, timeout, force));
        steps.Add(HaproxyRequests.WaitBackendRemovable(backend, timeout));
        steps.Add(HaproxyRequests.RemoveBackend(backend));
        return steps;
    }

    /// <summary>The entries of <paramref name="maps"/> whose value is <paramref name="backend"/>: the routes to it
    /// (use_backend %[path,map(...)]). A map that does not exist is HAProxy's NotFound refusal.</summary>
    /// <param name="session">The session to read through.</param>
    /// <param name="backend">The backend.</param>
    /// <param name="maps">The maps to look in.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    /// <param name="sending">Called with each request before it is sent.</param>
    public static List<HaproxyMapEntry> FindRoutes(HaproxySession session, string backend, IEnumerable<string> maps,
                                                   CancellationToken cancellationToken = default, Action<CliRequest>? sending = null)
    {
        var routes = new List<HaproxyMapEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // A map named twice (or by file name and #id) is read once per name, but each entry is removed once.
        foreach (var map in new HashSet<string>(maps, StringComparer.Ordinal))
        {
            foreach (var entry in session.Send(HaproxyRequests.GetMapEntries(map), sending, cancellationToken))
            {
                // 'show map' does not escape the spaces of a key, so where key and value part is not known; a backend
                // name has no space, so the entry routes to the backend when its text ends with " <backend>".
                string text = entry.Key + " " + entry.Value;
                if (text.EndsWith(" " + backend, StringComparison.Ordinal) && entry.Ref != null && seen.Add(entry.Ref)) routes.Add(entry);
            }
        }
        return routes;
    }

    /// <summary>
    /// Refuses, before anything changes, a backend HAProxy can never delete at run time: one the configuration points
    /// to, a listen section, one with a stick table... HAProxy checks those first in <c>wait be-removable</c>
    /// (be_check_for_deletion), so a 1 ms wait, which changes nothing, tells; being published, having servers or
    /// streams is what a plan from <see cref="BackendSteps"/> takes care of, and passes.
    /// </summary>
    /// <param name="session">The session to send through.</param>
    /// <param name="backend">The backend.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <param name="sending">Called with the request before it is sent.</param>
    public static void RefuseConfiguredBackend(HaproxySession session, string backend, CancellationToken cancellationToken = default,
                                               Action<CliRequest>? sending = null)
    {
        var probe = HaproxyRequests.WaitBackendRemovable(backend, TimeSpan.FromMilliseconds(1));
        try
        {
            session.Send(probe, sending, cancellationToken);
        }
        catch (HaproxyCommandException ex) when (HaproxyAnswers.BackendNeverRemovable(ex.Response, probe))
        {
            string reason = HaproxyErrorClassifier.Quote(ex.Response).Substring("Failed. ".Length);
            throw new HaproxyCommandException(
                $"Backend '{backend}' can never be removed at run time (HAProxy: {reason}); nothing was changed.",
                ex.Kind, ex.CommandLine ?? string.Empty, ex.Response);
        }
        catch (HaproxyCommandException ex) when (ex.Kind == HaproxyErrorKind.NotRemovable || ex.Kind == HaproxyErrorKind.Timeout)
        {
            // Published, still has servers or connections: exactly what the plan takes care of.
        }
    }

    /// <summary>Runs a plan from <see cref="ServerSteps"/> or <see cref="BackendSteps"/> in order, stopping at the first
    /// failure: HAProxy's refusal of a step becomes the removal's failure, of the same kind, naming the step and what
    /// was applied before it (those steps stay done).</summary>
    /// <param name="session">The session to send through.</param>
    /// <param name="steps">The plan.</param>
    /// <param name="beforeStep">Called with each step's index and request before it is sent (progress, -Verbose).</param>
    /// <param name="cancellationToken">Stops the plan between or during steps.</param>
    public static void Run(HaproxySession session, IReadOnlyList<CliRequest<CliDone>> steps, Action<int, CliRequest>? beforeStep = null,
                           CancellationToken cancellationToken = default)
    {
        // A step the connected HAProxy does not have would stop the plan half-way: refuse it before the first one.
        foreach (var step in steps) session.EnsureSendable(step);
        for (int i = 0; i < steps.Count; i++)
        {
            beforeStep?.Invoke(i, steps[i]);
            try
            {
                session.Execute(steps[i], cancellationToken);
                if (steps[i].PauseAfter > TimeSpan.Zero && cancellationToken.WaitHandle.WaitOne(steps[i].PauseAfter))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            catch (HaproxyCommandException ex)
            {
                // Reported as the removal's failure, naming the step, not as if the step had been asked for alone.
                string done = i == 0 ? "nothing was changed" : i == 1 ? "step 1 was applied" : $"steps 1-{i} were applied";
                // A polled step's verdict is the client's reading of HAProxy's figures, not an answer to quote.
                string why = ex.Response.Length == 0 ? ex.Message : HaproxyErrorClassifier.Quote(ex.Response);
                throw new HaproxyCommandException(
                    $"The removal stopped at step {i + 1} of {steps.Count}, '{steps[i].Text}' ({done}): {why}",
                    ex.Kind, ex.CommandLine ?? steps[i].Line, ex.Response);
            }
        }
    }
}
