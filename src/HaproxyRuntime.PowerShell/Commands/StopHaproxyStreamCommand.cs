using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Shuts one of HAProxy's streams down (<c>shutdown session &lt;id&gt;</c>): HAProxy closes its client and
/// server connections at once, as killed. By id, or piped from Get-HaproxyStream.</summary>
[Cmdlet(VerbsLifecycle.Stop, "HaproxyStream", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByObjectSet)]
[OutputType(typeof(void))]
public sealed class StopHaproxyStreamCommand : HaproxySessionCmdlet
{
    private const string ByIdSet = "ById";
    // The default, so that a piped HaproxyStream binds -InputObject (and is checked) rather than its Id by name.
    private const string ByObjectSet = "ByObject";

    /// <summary>The stream(s), as HAProxy prints their ids ("0x…").</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
    [ValidateNotNullOrEmpty]
    public string[] Id { get; set; } = System.Array.Empty<string>();

    /// <summary>Streams from Get-HaproxyStream. Each is checked to be still the stream that was read before it is shut
    /// down: HAProxy reuses a stream's address once the stream ends.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByObjectSet)]
    [ValidateNotNullOrEmpty]
    public HaproxyStream[] InputObject { get; set; } = System.Array.Empty<HaproxyStream>();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<HaproxySession, List<HaproxyStream>> _live = new System.Collections.Concurrent.ConcurrentDictionary<HaproxySession, List<HaproxyStream>>();

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (ParameterSetName == ByObjectSet)
        {
            foreach (var stream in InputObject) Guarded(() => StopIfSame(session, stream), stream.Id);
            return;
        }
        foreach (var id in Id)
        {
            Guarded(() =>
            {
                var command = HaproxyRequests.ShutdownStream(id);
                if (ShouldProcess(command)) Invoke(session, command);
            }, id);
        }
    }

    private void StopIfSame(HaproxySession session, HaproxyStream stream)
    {
        // One read of the live streams per session and call, made before the first shutdown.
        if (!_live.TryGetValue(session, out var live)) _live[session] = live = Invoke(session, HaproxyRequests.GetStreams());
        var now = live.FirstOrDefault(s => s.Id == stream.Id);
        if (now is null)
        {
            WriteError(ErrorRecordFactory.NotFound($"Stream '{stream.Id}' has ended; nothing was shut down.", stream.Id));
            return;
        }
        if (!HaproxyStream.SameStream(now, stream))
        {
            WriteError(ErrorRecordFactory.NotFound(
                $"Stream '{stream.Id}' has ended: its address now holds another stream ({now.Protocol} from {now.SourceAddress}:{now.SourcePort} on {now.Frontend}); nothing was shut down.", stream.Id));
            return;
        }
        var command = HaproxyRequests.ShutdownStream(stream.Id);
        if (ShouldProcess(command)) Invoke(session, command);
    }
}
