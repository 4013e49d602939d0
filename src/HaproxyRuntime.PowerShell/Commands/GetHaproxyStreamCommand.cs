using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists HAProxy's streams — its client connections' exchanges, which HAProxy's CLI calls sessions
/// (<c>show sess</c>) — one typed object each; with -Id, one stream with HAProxy's long dump of it
/// (<c>show sess &lt;id&gt;</c>) as its Detail.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyStream", DefaultParameterSetName = ListSet)]
[OutputType(typeof(HaproxyStream))]
public sealed class GetHaproxyStreamCommand : HaproxySessionCmdlet
{
    private const string ListSet = "List";
    private const string IdSet = "Id";

    /// <summary>Only streams accepted by these frontend(s); wildcards allowed.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.FrontendCompleter))]
    public string[]? Frontend { get; set; }

    /// <summary>Only streams routed to these backend(s); wildcards allowed.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.BackendCompleter))]
    public string[]? Backend { get; set; }

    /// <summary>Only streams attached to these server(s) (server names; with -Backend, of those backends); wildcards
    /// allowed.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.ServerCompleter))]
    public string[]? Server { get; set; }

    /// <summary>Only streams at least this old (2m, 30s, a TimeSpan or seconds), as far as HAProxy's printed age tells.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [DurationTransformation]
    public TimeSpan? OlderThan { get; set; }

    /// <summary>Only the streams HAProxy deems suspicious (<c>show sess susp</c>, HAProxy 3.2+).</summary>
    [Parameter(ParameterSetName = ListSet)]
    public SwitchParameter Suspicious { get; set; }

    /// <summary>Also read each stream's captured URI (<c>show-uri</c>, HAProxy 3.2+) into Uri.</summary>
    [Parameter(ParameterSetName = ListSet)]
    public SwitchParameter IncludeUri { get; set; }

    /// <summary>The stream(s) to read with their long dump, as HAProxy prints their ids ("0x…").</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? Id { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (Id != null)
        {
            // One stream gone does not hide the others.
            foreach (var id in Id)
            {
                Guarded(() => WriteObject(RunOperation(session, id, sending => StreamReader.ReadOne(session, id, CancelToken, sending))), id);
            }
            return;
        }
        List<HaproxyStream> streams = Invoke(session, HaproxyRequests.GetStreams(Suspicious, IncludeUri));
        var frontends = Patterns(Frontend);
        var backends = Patterns(Backend);
        var servers = Patterns(Server);
        WriteObject(streams.Where(s =>
            Matches(frontends, s.Frontend) && Matches(backends, s.Backend) && Matches(servers, s.Server) &&
            (OlderThan is not TimeSpan age || (s.Age is TimeSpan a && a >= age))).ToList(), enumerateCollection: true);
    }

    private static List<WildcardPattern>? Patterns(string[]? names) =>
        names?.Select(n => new WildcardPattern(n, WildcardOptions.None)).ToList();

    /// <summary>No filter keeps everything; a filter keeps only streams that have such an object (a stream without a
    /// backend or server yet matches no name).</summary>
    private static bool Matches(List<WildcardPattern>? patterns, string? value) =>
        patterns is null || (value != null && patterns.Any(p => p.IsMatch(value)));
}
