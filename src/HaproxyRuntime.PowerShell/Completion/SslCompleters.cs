using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Completion;

/// <summary>Certificate store names (<c>show ssl cert</c>).</summary>
public sealed class CertificateCompleter : ListCompleter<string>
{
    public CertificateCompleter() : base("ssl-cert", HaproxyRequests.GetCertificateNames, n => new[] { new CompletionCandidate(n, "Certificate " + n) }) { }
}

/// <summary>crt-list names (<c>show ssl crt-list</c>), the implicit ones of <c>bind … crt</c> included.</summary>
public sealed class CrtListCompleter : ListCompleter<string>
{
    public CrtListCompleter() : base("ssl-crt-list", HaproxyRequests.GetCrtLists, n => new[] { new CompletionCandidate(n, "crt-list " + n) }) { }
}
