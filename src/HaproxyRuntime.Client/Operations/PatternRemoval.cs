using System;
using System.Threading;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Operations;

/// <summary>Removes every map entry with a key (or every ACL entry with a pattern), duplicates included.</summary>
public static class PatternRemoval
{
    // Each round removes an entry, so the loop ends by itself; the bound only guards against an answer that lies.
    private const int MaxDuplicates = 10_000_000;

    /// <summary>
    /// Runs a <c>del map|acl &lt;key&gt;</c> request until every duplicate is gone: HAProxy 3.4.7 deletes one matching
    /// entry per call (its documentation says all). The first call must find one — a missing key is HAProxy's
    /// NotFound refusal, thrown — and a later "not found" means done.
    /// </summary>
    /// <param name="session">The session to send through.</param>
    /// <param name="deleteByKey">The request, from <c>HaproxyRequests.RemoveMapEntry</c> or <c>RemoveAclEntry</c>.</param>
    /// <param name="cancellationToken">Stops the requests.</param>
    /// <param name="sending">Called with each request before it is sent.</param>
    /// <returns>How many entries were removed.</returns>
    public static int RemoveAll(HaproxySession session, CliRequest<CliDone> deleteByKey, CancellationToken cancellationToken = default,
                                Action<CliRequest>? sending = null)
    {
        session.Send(deleteByKey, sending, cancellationToken);
        for (int removed = 1; removed < MaxDuplicates; removed++)
        {
            try
            {
                session.Send(deleteByKey, sending, cancellationToken);
            }
            catch (HaproxyCommandException ex) when (ex.Kind == HaproxyErrorKind.NotFound)
            {
                return removed;
            }
        }
        return MaxDuplicates;
    }
}
