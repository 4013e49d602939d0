namespace HaproxyRuntime.Client.Errors;

/// <summary>What kind of failure HAProxy (or the transport) reported; the cmdlet layer maps it to an ErrorCategory.</summary>
public enum HaproxyErrorKind
{
    /// <summary>HAProxy answered with an error we could not classify more precisely.</summary>
    Unknown = 0,
    /// <summary>The backend, server, map or key does not exist.</summary>
    NotFound,
    /// <summary>The object already exists (duplicate backend or server name).</summary>
    AlreadyExists,
    /// <summary>The socket's level (user/operator) does not allow the command.</summary>
    PermissionDenied,
    /// <summary>The object cannot be removed in its current state (not in maint, still published, has servers...).</summary>
    NotRemovable,
    /// <summary>HAProxy rejected the command's syntax or one of its values.</summary>
    InvalidArgument,
    /// <summary>A wait condition was not met within its delay.</summary>
    Timeout,
    /// <summary>The object is not in a state that allows the operation (e.g. health check not configured).</summary>
    InvalidOperation,
    /// <summary>The answer did not match anything the command may answer: never treated as success.</summary>
    UnexpectedResponse,
    /// <summary>The connected HAProxy version does not have the command or option; nothing was sent.</summary>
    NotSupported,
}

/// <summary>The kind of object a NotFound refusal says does not exist, where HAProxy's answer names it ("No such
/// backend.", "Can't find backend.", "No such server."...): refusals of one missing object read alike whichever command
/// met them.</summary>
public enum HaproxyObjectKind
{
    Backend,
    Server,
    Frontend,
    /// <summary>A frontend or a backend ("No such proxy.").</summary>
    Proxy,
    /// <summary>One of HAProxy's streams ("No such session", "Session not found.").</summary>
    Stream,
}
