using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HaproxyRuntime.Client.Answers;
using HaproxyRuntime.Client.Capabilities;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Requests;

/// <summary>HAProxy's streams (<c>show sess</c>, <c>shutdown session</c>) and captured protocol errors
/// (<c>show errors</c>).</summary>
public static partial class HaproxyRequests
{
    /// <summary><c>show sess</c>: every stream, one line each (operator level). With <paramref name="suspicious"/>,
    /// <c>susp</c>: only those HAProxy deems suspicious (no expiry date in the future, or no client endpoint);
    /// with <paramref name="withUri"/>, <c>show-uri</c>: the captured URI too. Both need HAProxy 3.2 (see
    /// <see cref="HaproxyFeature.ShowSessOptions"/>).</summary>
    /// <remarks>HAProxy's own filters by frontend, backend and server (3.2+) take one exact name and only one of the
    /// three; the module's filters take wildcards and combine, on every line, so they are applied to this listing.
    /// "show sess older &lt;age&gt;" and "show sess all" switch to the long dump (about 20 lines per stream), which is
    /// why neither is sent: <see cref="HaproxyStream.Age"/> is in the one-line form.</remarks>
    public static CliRequest<List<HaproxyStream>> GetStreams(bool suspicious = false, bool withUri = false)
    {
        string text = "show sess" + (suspicious ? " susp" : string.Empty) + (withUri ? " show-uri" : string.Empty);
        var request = new CliRequest<List<HaproxyStream>>(text, false, "Read streams", "streams",
            (r, c) => StreamParser.Parse(HaproxyAnswers.ShowSess.Data(r, c)), lineParser: () => new StreamLineParser());
        return suspicious || withUri ? request.Requires(HaproxyFeature.ShowSessOptions) : request;
    }

    /// <summary><c>show sess &lt;id&gt;</c>: the long dump of one stream, its lines as printed; a stream that is gone
    /// (or ends while dumped) is a NotFound refusal.</summary>
    public static CliRequest<IReadOnlyList<string>> GetStreamDetail(string id)
    {
        string i = StreamId(id, "Id");
        return new CliRequest<IReadOnlyList<string>>($"show sess {i}", false, "Read stream", i, (r, c) =>
        {
            var lines = HaproxyAnswers.ShowSessDetail.Data(r, c);
            // HAProxy prints these refusals as plain output (no severity), which Data takes for data.
            var rule = HaproxyAnswers.ShowSessDetail.Find(r, c);
            if (rule is { IsSuccess: false }) throw HaproxyErrorClassifier.ToException(r, c, rule);
            if (lines.Count == 0 || !lines[0].StartsWith("0x", StringComparison.Ordinal)) throw HaproxyErrorClassifier.ToException(r, c);
            return lines;
        });
    }

    /// <summary><c>shutdown session &lt;id&gt;</c> (admin level): HAProxy shuts the stream down as killed (SF_ERR_KILLED),
    /// closing its client and server connections; nothing is answered when it was found.</summary>
    public static CliRequest<CliDone> ShutdownStream(string id)
    {
        string i = StreamId(id, "Id");
        return new CliRequest<CliDone>($"shutdown session {i}", true, "Shut down stream", i, HaproxyAnswers.ShutdownSession.Interpret);
    }

    /// <summary>A stream id as HAProxy prints it and reads it back (strtoul with base 0, stream.c): "0x" and 1 to 16
    /// hexadecimal digits. The same pointer in decimal digits is taken too and sent in hexadecimal: PowerShell reads a
    /// bare 0x7f… argument as a number and hands it over in decimal. Anything else is refused (HAProxy would read it as
    /// another number, or as 0).</summary>
    private static string StreamId(string? id, string parameterName)
    {
        CliArgument.CheckSendable(id, parameterName);
        string v = id!;
        if (v.Length <= 20 && v.All(c => c >= '0' && c <= '9') &&
            ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out ulong pointer) && pointer != 0)
        {
            return "0x" + pointer.ToString("x", CultureInfo.InvariantCulture);
        }
        bool ok = v.Length > 2 && v.Length <= 18 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X');
        for (int k = 2; ok && k < v.Length; k++)
        {
            char c = v[k];
            ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
        if (!ok)
        {
            throw new HaproxyArgumentException(parameterName,
                $"{parameterName} '{v}' is not a stream id: HAProxy prints them as '0x' and hexadecimal digits (the Id of a stream from 'show sess').");
        }
        return v;
    }

    /// <summary><c>show errors [&lt;proxy&gt;|-1] [request|response]</c> (operator level): the last invalid request
    /// and response each proxy captured.</summary>
    /// <remarks>HAProxy looks <paramref name="proxy"/> up as a name, and when no proxy has that name takes its leading
    /// digits as a proxy id (atoi, proxy.c cli_parse_show_errors): "2" is proxy #2, "0" or a name that does not exist
    /// is "No such proxy.". It keeps a capture when either the capturing proxy or the other end (the frontend of a
    /// response, the backend of a request) has that id. "-1" stands for every proxy when only a direction is given.</remarks>
    public static CliRequest<List<HaproxyCapturedError>> GetErrors(string? proxy = null, HaproxyErrorDirection? direction = null)
    {
        string p = proxy is null ? "-1" : CliArgument.Name(proxy, "Proxy");
        string text = proxy is null && direction is null ? "show errors"
            : $"show errors {p}" + direction switch
            {
                HaproxyErrorDirection.Request => " request",
                HaproxyErrorDirection.Response => " response",
                _ => string.Empty,
            };
        return new CliRequest<List<HaproxyCapturedError>>(text, false, "Read captured errors", proxy ?? "errors",
            (r, c) => ErrorSnapshotParser.Parse(HaproxyAnswers.ShowErrors.Data(r, c)));
    }
}
