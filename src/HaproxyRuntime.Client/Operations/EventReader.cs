using System;
using System.Collections.Generic;
using System.Threading;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.Client.Operations;

/// <summary>Reading a ring buffer's events: the sink is checked first (<c>show events &lt;sink&gt; -n</c>, which names
/// what is wrong), so that every line of the dump that follows is an event, whatever its text.</summary>
public static class EventReader
{
    /// <summary>The events the ring holds now.</summary>
    public static List<HaproxyEvent> Read(HaproxySession session, string sink, CancellationToken cancellationToken, Action<CliRequest>? sending = null)
    {
        var check = HaproxyRequests.CheckEventSink(sink);
        var read = HaproxyRequests.GetEvents(sink);
        session.Send(check, sending, cancellationToken);
        return session.Send(read, sending, cancellationToken);
    }

    /// <summary>The events the ring holds, then each new one as it comes (see <see cref="HaproxySession.Follow{T}"/>),
    /// until cancelled or <paramref name="onEvent"/> throws.</summary>
    public static void Follow(HaproxySession session, string sink, Action<HaproxyEvent> onEvent, CancellationToken cancellationToken, Action<CliRequest>? sending = null)
    {
        var check = HaproxyRequests.CheckEventSink(sink);
        var follow = HaproxyRequests.FollowEvents(sink);
        session.Send(check, sending, cancellationToken);
        session.EnsureSendable(follow);
        sending?.Invoke(follow);
        session.Follow(follow, e =>
        {
            e.AttachTo(session);
            onEvent(e);
        }, cancellationToken);
    }
}
