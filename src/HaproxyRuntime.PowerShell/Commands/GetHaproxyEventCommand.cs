using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists the event sinks (<c>show events</c>), or returns the events of a ring buffer (<c>show events
/// &lt;sink&gt;</c>); with -Wait, follows it (<c>show events &lt;sink&gt; -w</c>, on a connection of its own) until
/// stopped, like Get-Content -Wait.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyEvent", DefaultParameterSetName = ListSet)]
[OutputType(typeof(HaproxyEventSink), ParameterSetName = new[] { ListSet })]
[OutputType(typeof(HaproxyEvent), ParameterSetName = new[] { SinkSet })]
public sealed class GetHaproxyEventCommand : HaproxySessionCmdlet
{
    private const string ListSet = "List";
    private const string SinkSet = "Sink";

    /// <summary>The ring buffer to read (a ring section's name, or buf0…).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = SinkSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ArgumentCompleter(typeof(Completion.EventSinkCompleter))]
    public string Sink { get; set; } = null!;

    /// <summary>Keep writing new events as they come, until stopped (Ctrl+C, or Select-Object -First).</summary>
    [Parameter(ParameterSetName = SinkSet)]
    public SwitchParameter Wait { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (ParameterSetName == ListSet)
        {
            WriteObject(Invoke(session, HaproxyRequests.GetEventSinks()), enumerateCollection: true);
            return;
        }
        if (Wait)
        {
            RunOperation(session, Sink, sending => EventReader.Follow(session, Sink, e => WriteObject(e), CancelToken, sending));
            return;
        }
        WriteObject(RunOperation(session, Sink, sending => EventReader.Read(session, Sink, CancelToken, sending)), enumerateCollection: true);
    }
}
