using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// Shape shared by the cmdlets that change one server: -Backend and -Name bound from piped HaproxyServer objects,
/// ShouldProcess on "backend/server", the requests of many piped servers sent pipelined, and -PassThru re-reading the
/// changed servers (one <c>show servers state</c> per backend) so the next cmdlet sees their new state.
/// </summary>
public abstract class HaproxyServerChangeCmdlet : HaproxyBatchingCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.BackendCompleter))]
    public string Backend { get; set; } = string.Empty;

    /// <summary>The server. Not mandatory: -Backend may name it as 'backend/server' (the FullName form).</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Server")]
    [ArgumentCompleter(typeof(Completion.ServerCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>Write the server, as HAProxy reports it after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The request(s) this cmdlet sends for the server, in order.</summary>
    protected abstract IEnumerable<CliRequest<CliDone>> BuildCommands(string backend, string name);

    /// <summary>For a command HAProxy applies only after answering it (<c>set server addr</c>), what the server must
    /// show once it is applied; null for the commands applied before the answer.</summary>
    protected virtual ServerAddressExpectation? AppliedAfterAnswer(CliRequest<CliDone> command) => null;

    /// <summary>True when the bound change can take the server out of service (maintenance, drain, a forced down
    /// health, weight 0): the backend is then checked for requests that would fail (see
    /// <see cref="HaproxySessionCmdlet.WarnWhereRequestsFail"/>).</summary>
    protected virtual bool TakesOutOfService => false;

    /// <summary>What is queued with each command and comes back when it succeeded.</summary>
    private sealed class ChangedServer
    {
        public ChangedServer(string backend, string name, ServerAddressExpectation? appliedLater, bool takesOutOfService)
        {
            Backend = backend;
            Name = name;
            AppliedLater = appliedLater;
            TakesOutOfService = takesOutOfService;
        }

        public string Backend { get; }
        public string Name { get; }
        public ServerAddressExpectation? AppliedLater { get; }
        public bool TakesOutOfService { get; }
    }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var (backend, name) = ServerNames.Resolve(Backend, Name);
        // Build them all first, so an invalid value refuses the whole record before any part of it is queued.
        foreach (var command in BuildCommands(backend, name).ToList())
        {
            if (!ShouldProcess(command)) continue;
            Enqueue(session, command, command.Target, new ChangedServer(backend, name, AppliedAfterAnswer(command), TakesOutOfService));
        }
    }

    private readonly Dictionary<HaproxySession, HashSet<string>> _outOfService = new Dictionary<HaproxySession, HashSet<string>>();

    protected override void EndProcessing()
    {
        base.EndProcessing();
        // One read (or a few) per node: in parallel over several nodes.
        var touched = _outOfService.Where(pair => pair.Value.Count > 0 && !pair.Key.IsClosed).Select(pair => pair.Key).ToList();
        ForEachSession(touched, session => WarnWhereRequestsFail(session, _outOfService[session]));
    }

    protected override void OnBatchSent(HaproxySession session, IReadOnlyList<object?> succeeded)
    {
        var changed = succeeded.Cast<ChangedServer>().ToList();
        WaitUntilApplied(session, changed);
        // Checked once per call, after the last batch: a backend's servers may span batches, and many backends are read
        // in one dump then.
        if (!_outOfService.TryGetValue(session, out var touched)) _outOfService[session] = touched = new HashSet<string>(System.StringComparer.Ordinal);
        touched.UnionWith(changed.Where(c => c.TakesOutOfService).Select(c => c.Backend));
        if (!PassThru || changed.Count == 0) return;
        foreach (var backend in changed.GroupBy(c => c.Backend))
        {
            var servers = ReadServers(session, backend.Key).ToDictionary(s => s.Name);
            // A server changed by several commands is written once.
            foreach (var name in backend.Select(c => c.Name).Distinct())
            {
                if (servers.TryGetValue(name, out var server)) WriteObject(server);
                else WriteError(ErrorRecordFactory.NotFoundAfterChange("Server", $"{backend.Key}/{name}"));
            }
        }
    }

    /// <summary>The cmdlet reports a change as made once HAProxy shows it: an address HAProxy applies after its answer
    /// is waited for (bounded by the session's command timeout), so the next command — or this cmdlet's -PassThru —
    /// sees the new address, and new connections go to it. Still not shown by then: a warning, not an error, since
    /// HAProxy did accept the change (something else, such as a DNS resolution, may have changed it again).</summary>
    private void WaitUntilApplied(HaproxySession session, List<ChangedServer> changed)
    {
        var expected = changed.Where(c => c.AppliedLater != null).Select(c => c.AppliedLater!).ToList();
        if (expected.Count == 0) return;
        var unmet = ServerAddressSync.WaitUntilApplied(session, expected, session.CommandTimeout, CancelToken, VerboseSending(session));
        foreach (var e in unmet)
        {
            WriteWarning($"HAProxy accepted the new address of server '{e.FullName}' ({e.Address}{(e.Port is int p ? " port " + p : "")}) but did not show it within {session.CommandTimeout.TotalSeconds:0.###} s.");
        }
    }
}
