using System;
using System.Collections.Generic;
using System.Threading;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.Client.Operations;

/// <summary>A certificate as <c>show ssl cert &lt;name&gt;</c> describes it, with the crt-lists that hold it
/// (<c>show ssl crt-list</c> and <c>show ssl crt-list -n &lt;l&gt;</c>: HAProxy's detail does not say).</summary>
public static class CertificateReader
{
    /// <summary>For each certificate, the crt-lists holding an entry for it; null when the socket is below admin level
    /// (<c>show ssl crt-list</c> needs admin: ssl_crtlist.c cli_parse_dump_crtlist).</summary>
    public static IReadOnlyDictionary<string, List<string>>? ReadUsers(HaproxySession session, CancellationToken cancellationToken = default, Action<CliRequest>? sending = null)
    {
        var users = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        try
        {
            foreach (var list in session.Send(HaproxyRequests.GetCrtLists(), sending, cancellationToken))
            {
                foreach (var entry in session.Send(HaproxyRequests.GetCrtListEntries(list), sending, cancellationToken))
                {
                    if (!users.TryGetValue(entry.Certificate, out var lists)) users[entry.Certificate] = lists = new List<string>();
                    if (!lists.Contains(list)) lists.Add(list);
                }
            }
        }
        catch (HaproxyCommandException ex) when (ex.Kind == HaproxyErrorKind.PermissionDenied)
        {
            return null;
        }
        return users;
    }

    /// <summary>One certificate (the open transaction's staged content when <paramref name="uncommitted"/>), its
    /// <see cref="HaproxyCertificate.UsedBy"/> taken from <paramref name="users"/> when given.</summary>
    public static HaproxyCertificate Read(HaproxySession session, string name, bool uncommitted, IReadOnlyDictionary<string, List<string>>? users,
                                          CancellationToken cancellationToken = default, Action<CliRequest>? sending = null)
    {
        var cert = session.Send(HaproxyRequests.GetCertificate(name, uncommitted), sending, cancellationToken);
        if (users != null && !uncommitted) cert.UsedBy = users.TryGetValue(cert.Name, out var lists) ? lists.ToArray() : Array.Empty<string>();
        return cert;
    }
}
