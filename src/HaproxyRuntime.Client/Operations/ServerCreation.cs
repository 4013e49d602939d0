using System;
using System.Threading;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.Client.Operations;

/// <summary><c>add server</c>, with HAProxy's one answer that does not say what happened resolved by looking.</summary>
public static class ServerCreation
{
    /// <summary>
    /// Sends an <c>add server</c> request built by <see cref="HaproxyRequests.AddServer"/> for
    /// <paramref name="backend"/>/<paramref name="name"/>. HAProxy 3.4.7 reports <c>add server</c> errors through a
    /// 1,024-byte message buffer and silently drops a message that does not fit (one quoting a word of ~1,000
    /// characters), answering nothing at all; whether the server exists then tells a dropped refusal (an
    /// <see cref="HaproxyArgumentException"/>, nothing created) from a dropped success notice (success).
    /// </summary>
    /// <param name="session">The session to send through.</param>
    /// <param name="request">The <c>add server</c> request.</param>
    /// <param name="backend">The backend the request adds to (unescaped).</param>
    /// <param name="name">The server the request adds (unescaped).</param>
    /// <param name="cancellationToken">Stops the requests.</param>
    /// <param name="sending">Called with each request before it is sent.</param>
    public static void Add(HaproxySession session, CliRequest<CliDone> request, string backend, string name,
                           CancellationToken cancellationToken = default, Action<CliRequest>? sending = null)
    {
        try
        {
            session.Send(request, sending, cancellationToken);
        }
        catch (HaproxyCommandException ex) when (ex.Kind == HaproxyErrorKind.UnexpectedResponse && string.IsNullOrWhiteSpace(ex.Response))
        {
            bool created = session.Send(HaproxyRequests.GetServers(backend), sending, cancellationToken).Exists(s => s.Name == name);
            if (!created)
            {
                throw new HaproxyArgumentException("Option",
                    $"HAProxy refused '{request.Text}' but dropped its error message (it did not fit HAProxy's 1,024-byte message buffer: a word of the address or of the server options is about 1,000 characters or longer). Nothing was created.");
            }
        }
    }
}
