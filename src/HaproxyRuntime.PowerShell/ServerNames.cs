using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.PowerShell;

/// <summary>A server named the way the module prints it (FullName): 'backend/server'. HAProxy's names cannot hold a
/// '/', so the first one separates the two.</summary>
internal static class ServerNames
{
    /// <summary>'b/s' → (b, s); 'b' → (b, null).</summary>
    public static (string Backend, string? Server) Split(string text)
    {
        int slash = text.IndexOf('/');
        return slash > 0 ? (text.Substring(0, slash), text.Substring(slash + 1)) : (text, null);
    }

    /// <summary>The server a cmdlet acts on: -Backend and -Name, or one 'backend/server' in -Backend (with -Name not
    /// given). Neither: an InvalidHaproxyArgument saying both forms.</summary>
    public static (string Backend, string Name) Resolve(string backend, string? name)
    {
        if (!string.IsNullOrEmpty(name)) return (backend, name!);
        var (b, s) = Split(backend);
        if (s is null)
        {
            throw new HaproxyArgumentException("Name", $"Give the server of backend '{backend}': -Name <server>, or 'backend/server' as in Enable-HaproxyServer {backend}/<server>.");
        }
        return (b, s);
    }
}
