using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.Client.Operations;

/// <summary>One stream read by id: its typed fields from the one-line listing (<c>show sess</c>), and the long dump
/// of <c>show sess &lt;id&gt;</c> as its <see cref="HaproxyStream.Detail"/>.</summary>
/// <remarks>The long dump's layout is left undocumented by HAProxy on purpose and changes between versions
/// (management.txt, "show sess"), while the one-line form is the same from 2.6 to 3.4: so the fields come from the
/// listing, and the dump is kept as its lines.</remarks>
public static class StreamReader
{
    /// <summary>The stream <paramref name="id"/>, or HAProxy's NotFound refusal when it is gone (by either read).</summary>
    public static HaproxyStream ReadOne(HaproxySession session, string id, CancellationToken cancellationToken = default,
                                        Action<CliRequest>? sending = null)
    {
        var detailRequest = HaproxyRequests.GetStreamDetail(id);
        var detail = session.Send(detailRequest, sending, cancellationToken);
        var listRequest = HaproxyRequests.GetStreams();
        var streams = session.Send(listRequest, sending, cancellationToken);
        ulong wanted = Pointer(id);
        var stream = streams.FirstOrDefault(s => Pointer(s.Id) == wanted);
        if (stream is null)
        {
            // Ended between the two reads.
            throw new HaproxyCommandException($"Stream '{id}' does not exist (it ended while it was read).", listRequest.Line, string.Empty,
                HaproxyObjectKind.Stream, id);
        }
        stream.Detail = detail;
        return stream;
    }

    /// <summary>The pointer a stream id stands for, as HAProxy reads it (hexadecimal after "0x"); 0 when it is none.</summary>
    private static ulong Pointer(string id) =>
        id.Length > 2 && ulong.TryParse(id.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var p) ? p : 0;
}
