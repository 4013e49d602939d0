using System;

namespace HaproxyRuntime.Client.Errors;

/// <summary>Base of every failure the client reports. <see cref="CommandLine"/> is the exact CLI line involved, if any.</summary>
public class HaproxyException : Exception
{
    public HaproxyException(string message, HaproxyErrorKind kind, string? commandLine = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        CommandLine = commandLine;
    }

    public HaproxyErrorKind Kind { get; }

    /// <summary>The CLI line that was sent (or refused), for diagnostics.</summary>
    public string? CommandLine { get; }
}

/// <summary>HAProxy executed the command and answered with a failure (or with something we do not recognise).</summary>
public sealed class HaproxyCommandException : HaproxyException
{
    public HaproxyCommandException(string message, HaproxyErrorKind kind, string commandLine, string response)
        : base(message, kind, commandLine)
    {
        Response = response;
    }

    public HaproxyCommandException(string message, string commandLine, string response, HaproxyObjectKind missingKind, string missingName, string? missingIn = null)
        : base(message, HaproxyErrorKind.NotFound, commandLine)
    {
        Response = response;
        MissingKind = missingKind;
        MissingName = missingName;
        MissingIn = missingIn;
    }

    /// <summary>For a NotFound refusal that names what is missing: its kind; otherwise null.</summary>
    public HaproxyObjectKind? MissingKind { get; }

    /// <summary>The name of the missing object (a server's without its backend), when <see cref="MissingKind"/> is set.</summary>
    public string? MissingName { get; }

    /// <summary>The backend a missing server was looked for in.</summary>
    public string? MissingIn { get; }

    /// <summary>HAProxy's answer, verbatim (severity prefix included).</summary>
    public string Response { get; }
}

/// <summary>An argument cannot be sent safely (it would split the command, start a payload, or is empty/invalid).
/// Nothing was sent.</summary>
public sealed class HaproxyArgumentException : HaproxyException
{
    public HaproxyArgumentException(string parameterName, string message)
        : base(message, HaproxyErrorKind.InvalidArgument)
    {
        ParameterName = parameterName;
    }

    public string ParameterName { get; }
}

/// <summary>The connection could not be opened, or broke while no command was in flight.</summary>
public sealed class HaproxyConnectionException : HaproxyException
{
    /// <summary>The refusal of a session that was closed (disposed) and carries no more commands.</summary>
    public static HaproxyConnectionException SessionClosed(int id, string name) =>
        new HaproxyConnectionException($"Session {id} ({name}) is closed.") { IsSessionClosed = true };

    /// <summary>True when the session itself was closed (rather than its connection failing): only a new session helps.</summary>
    public bool IsSessionClosed { get; private set; }

    public HaproxyConnectionException(string message, Exception? inner = null, string? commandLine = null)
        : base(message, HaproxyErrorKind.Unknown, commandLine, inner)
    {
    }
}

/// <summary>The connected HAProxy is too old for the command; nothing was sent.</summary>
public sealed class HaproxyFeatureNotSupportedException : HaproxyException
{
    public HaproxyFeatureNotSupportedException(Capabilities.HaproxyFeature feature, Version requiredVersion, string connectedVersion, string command)
        : base($"'{command}' needs {Capabilities.HaproxyCapabilities.Describe(feature)}: HAProxy {requiredVersion.Major}.{requiredVersion.Minor} or later (connected: {connectedVersion}). Nothing was sent.",
               HaproxyErrorKind.NotSupported, command)
    {
        Feature = feature;
        RequiredVersion = requiredVersion;
        ConnectedVersion = connectedVersion;
    }

    public Capabilities.HaproxyFeature Feature { get; }

    /// <summary>The first HAProxy version that has the feature.</summary>
    public Version RequiredVersion { get; }

    /// <summary>The version the session is connected to, as HAProxy reports it.</summary>
    public string ConnectedVersion { get; }
}

/// <summary>A write was sent but the connection broke (or timed out) before its answer arrived: it may or may not have
/// been applied. It is never resent automatically; check the state and retry deliberately.</summary>
public sealed class HaproxyOutcomeUnknownException : HaproxyException
{
    /// <param name="commandLine">The line sent (<see cref="HaproxyException.CommandLine"/>).</param>
    /// <param name="inner">What broke.</param>
    /// <param name="command">The command as asked for, quoted in the message (the line may hold connection set-up
    /// segments around it); the line when null.</param>
    public HaproxyOutcomeUnknownException(string commandLine, Exception inner, string? command = null)
        : base($"The connection failed after '{command ?? commandLine}' was sent and before HAProxy answered; the change may or may not have been applied. It was not resent. ({inner.Message})",
               HaproxyErrorKind.Unknown, commandLine, inner)
    {
    }
}

/// <summary>An I/O operation did not finish within the session's timeout.</summary>
public sealed class HaproxyTimeoutException : HaproxyException
{
    public HaproxyTimeoutException(string message, string? commandLine = null, Exception? inner = null)
        : base(message, HaproxyErrorKind.Timeout, commandLine, inner)
    {
    }
}

/// <summary>The byte stream broke the framing rules (truncated answer, oversize line...). The connection is dropped.</summary>
public sealed class HaproxyProtocolException : HaproxyException
{
    public HaproxyProtocolException(string message, string? commandLine = null, Exception? inner = null)
        : base(message, HaproxyErrorKind.UnexpectedResponse, commandLine, inner)
    {
    }
}
