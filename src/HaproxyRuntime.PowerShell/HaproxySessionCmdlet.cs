using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// Base of every cmdlet that talks to HAProxy: resolves the session(s) — explicit -Session (also bound from piped
/// objects' Session property), else the runspace's default, else a terminating NoHaproxySession error — and calls
/// <see cref="ProcessRecordWithSession"/> once per session.
/// </summary>
public abstract class HaproxySessionCmdlet : HaproxyCmdlet
{
    /// <summary>The session(s) to use. Objects read from HAProxy carry their session, so piping them binds it.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public HaproxySession[]? Session { get; set; }

    /// <summary>The target of the command being run, used as the ErrorRecord's target when it fails.</summary>
    private object? _currentTarget;

    protected override void ProcessRecord()
    {
        foreach (var session in ResolveSessions())
        {
            _currentTarget = null;
            try
            {
                ProcessRecordWithSession(session);
            }
            catch (HaproxyException ex)
            {
                WriteFailure(ex, _currentTarget);
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }
    }

    protected abstract void ProcessRecordWithSession(HaproxySession session);

    private IEnumerable<HaproxySession> ResolveSessions()
    {
        if (Session is { Length: > 0 })
        {
            foreach (var s in Session)
            {
                if (s.IsClosed)
                {
                    WriteFailure(new HaproxyConnectionException($"Session {s.Id} ({s.Name}) is closed. Connect again with Connect-Haproxy."), s);
                    continue;
                }
                yield return s;
            }
            yield break;
        }
        var fallback = SessionRegistry.Current.Default;
        if (fallback is null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException("No HAProxy session. Run Connect-Haproxy -Endpoint <address> first, or pass -Session."),
                ErrorIds.NoSession, ErrorCategory.ConnectionError, null));
        }
        yield return fallback!;
    }

    /// <summary>Runs one request: -Verbose shows the exact CLI line, then the call blocks on the pipeline thread
    /// (all Write* calls stay on it) until the answer or a cancellation.</summary>
    protected T Invoke<T>(HaproxySession session, CliRequest<T> command)
    {
        _currentTarget = command.Target;
        WriteCliLine(session.Name, command.Line);
        return session.Execute(command, CancelToken);
    }

    /// <summary>The map or ACL a change named, read back for its -PassThru: matched exactly (file name or '#&lt;id&gt;'),
    /// never as a wildcard pattern (see <see cref="WildcardFilter.Exact{T}"/>).</summary>
    protected IEnumerable<T> ReadChangedList<T>(HaproxySession session, CliRequest<List<T>> listCommand, string name, string noun)
        where T : HaproxyPatternSet =>
        WildcardFilter.Exact(this, Invoke(session, listCommand), name, WildcardFilter.PatternSetNames, noun);

    /// <summary>For client calls that send several commands themselves (the atomic replacements): shows each CLI line
    /// as it is handed to the session when verbose output is on; null (nothing to call per command) otherwise.</summary>
    protected Action<CliRequest>? VerboseSending(HaproxySession session) =>
        VerboseEnabled ? command => WriteCliLine(session.Name, command.Line) : null;

    /// <summary>ShouldProcess on the command's target, describing the operation with the exact CLI command text, so
    /// -WhatIf shows what would be sent.</summary>
    protected bool ShouldProcess(CliRequest command) =>
        ShouldProcessIsTrivial || ShouldProcess(command.Target, $"{command.Action} ('{command.Text}')");

    /// <summary>
    /// Runs a <c>del map|acl &lt;key&gt;</c> until every duplicate is gone: HAProxy 3.4.7 deletes one matching entry per
    /// call (its docs say all). The first call must find one — a missing key is the caller's error — and a later
    /// "not found" means done. Bounded, although each round removes an entry and so the loop ends by itself.
    /// </summary>
    protected void InvokeUntilGone(HaproxySession session, CliRequest<CliDone> deleteByKey)
    {
        const int maxDuplicates = 10_000_000;
        Invoke(session, deleteByKey);
        for (int removed = 1; removed < maxDuplicates; removed++)
        {
            try
            {
                Invoke(session, deleteByKey);
            }
            catch (HaproxyCommandException ex) when (ex.Kind == HaproxyErrorKind.NotFound)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Runs a plan of steps in order on the pipeline thread, with a progress bar, stopping at the first failure (the
    /// exception says which step failed; the steps before it stay done). Used by the -Drain removals.
    /// </summary>
    protected void RunSteps(HaproxySession session, IReadOnlyList<CliRequest<CliDone>> steps, string activity)
    {
        var progress = new ProgressRecord(4, activity, "Starting");
        try
        {
            for (int i = 0; i < steps.Count; i++)
            {
                progress.StatusDescription = steps[i].Text;
                progress.PercentComplete = i * 100 / steps.Count;
                WriteProgress(progress);
                Invoke(session, steps[i]);
            }
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    /// <summary>Servers of one backend (or all, when null) from <c>show servers state</c>, merged with their live
    /// figures from <c>show stat</c> — the one definition of a server object every cmdlet writes.</summary>
    protected List<HaproxyServer> ReadServers(HaproxySession session, string? backend)
    {
        var servers = Invoke(session, Client.Requests.HaproxyRequests.GetServers(backend));
        if (servers.Count > 0)
        {
            Invoke(session, Client.Requests.HaproxyRequests.MergeServerStats(servers));
        }
        return servers;
    }

    /// <summary>Re-reads one server (for -PassThru), or reports it missing.</summary>
    protected HaproxyServer? ReadServer(HaproxySession session, string backend, string name)
    {
        var server = ReadServers(session, backend).FirstOrDefault(s => s.Name == name);
        if (server is null)
        {
            WriteError(ErrorRecordFactory.NotFoundAfterChange("Server", $"{backend}/{name}"));
        }
        return server;
    }

    /// <summary>Re-reads one backend (for -PassThru), or reports it missing.</summary>
    protected HaproxyBackend? ReadBackend(HaproxySession session, string name)
    {
        var backend = Invoke(session, Client.Requests.HaproxyRequests.GetBackends()).FirstOrDefault(b => b.Name == name);
        if (backend is null)
        {
            WriteError(ErrorRecordFactory.NotFoundAfterChange("Backend", name));
        }
        return backend;
    }
}
