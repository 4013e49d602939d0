using System;
using System.Threading;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Transport;

namespace HaproxyRuntime.Client;

public sealed partial class HaproxySession
{
    /// <summary>HAProxy's CLI timeout for a followed stream, in seconds: the stats socket's own (10 s by default)
    /// would end a quiet stream; set per connection, so the session's connection keeps its own.</summary>
    private const int FollowTimeoutSeconds = 86400;

    /// <summary>
    /// Sends a read that keeps answering (<c>show events &lt;sink&gt; -w</c>) on a connection of its own, in HAProxy's
    /// non-interactive mode, and hands each line of its answer, interpreted by the request, to <paramref name="onItem"/>
    /// as it arrives — on the calling thread. It ends when <paramref name="cancellationToken"/> is cancelled (the
    /// connection is closed, so HAProxy stops the dump: OperationCanceledException), when <paramref name="onItem"/>
    /// throws (the connection is closed too), or when HAProxy closes the connection (HaproxyConnectionException). The
    /// session's own connection is not used, so the session stays usable.
    /// </summary>
    public void Follow<T>(CliRequest<T> request, Action<T> onItem, CancellationToken cancellationToken = default)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        if (onItem is null) throw new ArgumentNullException(nameof(onItem));
        if (request.IsWrite || request.ReplyCount != 1) throw new ArgumentException("Only a single read can be followed.", nameof(request));
        ThrowIfClosed();
        EnsureSendable(request);
        CliConnection connection;
        try
        {
            connection = CliConnector.OpenAsync(Endpoint, ConnectTimeout, cancellationToken, _tls).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw ConnectionFailedDuring(request, ex);
        }
        using (connection)
        using (cancellationToken.Register(() => connection.Abort()))
        {
            try
            {
                connection.SetSocketTimeouts(CommandTimeout);
                // Two set-up segments, each answered by an empty line: numeric severities, and a CLI timeout that lets
                // the stream stay quiet. Then the command's lines, for as long as it runs.
                // Through a master CLI, '@@' takes the whole line to the worker and keeps the connection two-way.
                string enter = _master ? "@@" + _workerTarget + " " : "";
                string lower = LoweredTo is null ? "" : LoweredTo + ";";
                connection.SendAsync($"{enter}set severity-output number;set timeout cli {FollowTimeoutSeconds};{lower}{request.Line}\n", true, cancellationToken).GetAwaiter().GetResult();
                int setUpAnswers = 0;
                while (setUpAnswers < (LoweredTo is null ? 2 : 3))
                {
                    string? answer = connection.ReadLineAsync(true, cancellationToken).GetAwaiter().GetResult();
                    if (answer is null || answer.Length != 0)
                    {
                        throw new HaproxyProtocolException($"HAProxy did not accept the set-up of '{request.DisplayText}': {answer ?? "(connection closed)"}", request.DisplayLine);
                    }
                    setUpAnswers++;
                }
                // No deadline from here: events may be hours apart.
                connection.SetSocketTimeouts(TimeSpan.MaxValue);
                while (true)
                {
                    string? line = connection.ReadLineAsync(true, cancellationToken).GetAwaiter().GetResult();
                    if (line is null)
                    {
                        throw new HaproxyConnectionException($"HAProxy closed the connection of '{request.DisplayText}' (it stopped, reloaded into a new process, or the stream was idle for {FollowTimeoutSeconds} s).", null, request.DisplayLine);
                    }
                    // Raw: a line that begins like a severity prefix is data here (the request was checked before).
                    onItem(request.Interpret(new CliReply(null, new[] { line })));
                }
            }
            catch (Exception ex) when (IsTransportFailure(ex))
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw ConnectionFailedDuring(request, ex);
            }
        }
    }
}
