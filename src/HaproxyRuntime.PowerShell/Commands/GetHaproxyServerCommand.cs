using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists servers with their address, admin and operational state and weight (<c>show servers state</c>),
/// merged with their live status, last check and session counts (<c>show stat</c>).</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyServer")]
[OutputType(typeof(HaproxyServer))]
public sealed class GetHaproxyServerCommand : HaproxySessionCmdlet
{
    /// <summary>Backend name(s); wildcards allowed. All backends when omitted. Bound from piped objects' Backend
    /// property (servers, CSV rows).</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.BackendCompleter))]
    public string[]? Backend { get; set; }

    /// <summary>A backend piped from Get-HaproxyBackend: its servers are listed. A backend names itself in Name, the
    /// server-name parameter here, so it is taken by value instead.</summary>
    [Parameter(ValueFromPipeline = true)]
    public HaproxyBackend? InputObject { get; set; }

    /// <summary>Server name(s); wildcards allowed.</summary>
    [Parameter(Position = 1)]
    [SupportsWildcards]
    [Alias("Server")]
    [ArgumentCompleter(typeof(Completion.ServerCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (InputObject != null && Backend != null)
        {
            // Piping a backend and also giving -Backend (often a server name typed positionally) is ambiguous.
            throw new HaproxyArgumentException("Backend",
                $"A backend ('{InputObject.Name}') was piped in and -Backend '{string.Join(",", Backend)}' was given too. To pick servers of the piped backend, use -Name.");
        }
        // 'backend/server' (the FullName form the module prints) names a server: its backend is what is read.
        var pairs = InputObject is null && Name is null && Backend != null && Backend.Any(b => b.IndexOf('/') > 0)
            ? Backend.Select(ServerNames.Split).ToList()
            : null;
        var backends = InputObject != null ? new[] { InputObject.Name } : pairs?.Select(p => p.Backend).Distinct().ToArray() ?? Backend;
        IEnumerable<HaproxyServer> servers;
        if (backends != null && backends.All(b => !WildcardPattern.ContainsWildcardCharacters(b)))
        {
            // Exact backend names: ask HAProxy for just those (and let it say when one does not exist).
            // One unknown backend is reported on its own and does not hide the servers of the others.
            var found = new List<HaproxyServer>();
            foreach (var b in backends)
            {
                try
                {
                    found.AddRange(Invoke(session, HaproxyRequests.GetServers(b)));
                }
                catch (HaproxyCommandException ex) when (ex.Kind == HaproxyErrorKind.NotFound)
                {
                    WriteFailure(ex, b);
                }
            }
            servers = found;
        }
        else
        {
            var all = Invoke(session, HaproxyRequests.GetServers());
            var backendPatterns = backends?.Select(b => new WildcardPattern(b, WildcardOptions.None)).ToList();
            servers = backendPatterns is null ? all : all.Where(s => backendPatterns.Any(p => p.IsMatch(s.Backend))).ToList();
        }
        var list = servers.ToList();
        // Live figures (status, last check, sessions) come from 'show stat'; one read covers every server listed.
        RunOperation(session, null, sending => ServerReader.AddLiveFigures(session, list, CancelToken, sending));
        if (pairs != null)
        {
            foreach (var (b, n) in pairs)
            {
                var backendPattern = new WildcardPattern(b, WildcardOptions.None);
                var serverPattern = n is null ? null : new WildcardPattern(n, WildcardOptions.None);
                var matches = list.Where(s => backendPattern.IsMatch(s.Backend) && (serverPattern is null || serverPattern.IsMatch(s.Name))).ToList();
                if (matches.Count == 0 && n != null && !WildcardPattern.ContainsWildcardCharacters(b + n))
                {
                    WriteError(ErrorRecordFactory.NotFound($"Server '{n}' does not exist in backend {b}.{NameSuggestion.For(n, list.Where(s => backendPattern.IsMatch(s.Backend)).Select(s => s.Name))}", $"{b}/{n}"));
                }
                WriteObject(matches, enumerateCollection: true);
            }
            return;
        }
        if (Name is null)
        {
            WriteObject(list, enumerateCollection: true);
            return;
        }
        foreach (var name in Name)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.None);
            var matches = list.Where(s => pattern.IsMatch(s.Name)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                string where = backends is null ? "any backend" : "backend " + string.Join(", ", backends);
                WriteError(ErrorRecordFactory.NotFound($"Server '{name}' does not exist in {where}.{NameSuggestion.For(name, list.Select(s => s.Name))}", name));
            }
            WriteObject(matches, enumerateCollection: true);
        }
    }
}
