using System;
using System.Management.Automation;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.PowerShell;

/// <summary>Maps client exceptions to ErrorRecords with a stable ErrorId and a meaningful category.</summary>
internal static class ErrorRecordFactory
{
    public static ErrorRecord From(Exception exception, object? target, string? cmdletName = null)
    {
        var (id, category) = Classify(exception);
        var record = new ErrorRecord(exception, id, category, target);
        // The client speaks no PowerShell: what names a cmdlet is added here.
        if (exception is HaproxyFeatureNotSupportedException notSupported)
        {
            var required = notSupported.RequiredVersion;
            record.ErrorDetails = new ErrorDetails(
                $"{cmdletName ?? "This command"} requires HAProxy {required.Major}.{required.Minor} or later (connected: {notSupported.ConnectedVersion}): '{notSupported.CommandLine}' needs {HaproxyRuntime.Client.Capabilities.HaproxyCapabilities.Describe(notSupported.Feature)}. Nothing was sent.")
            {
                RecommendedAction = $"Use HAProxy {required.Major}.{required.Minor} or later for this command.",
            };
        }
        // A plain deletion HAProxy refuses because the object is still in use: -Drain does what it needs first.
        if (exception is HaproxyCommandException { Kind: HaproxyErrorKind.NotRemovable } &&
            (cmdletName == "Remove-HaproxyServer" || cmdletName == "Remove-HaproxyBackend") &&
            !(exception.Message.StartsWith("The removal stopped", StringComparison.Ordinal)))
        {
            string what = cmdletName == "Remove-HaproxyServer"
                ? "If the server is in service or still has connections, Remove-HaproxyServer -Drain puts it in maintenance and waits for them before deleting it."
                : "If the backend is published or still has servers or connections, Remove-HaproxyBackend -Drain unpublishes it, removes its servers safely and waits before deleting it.";
            record.ErrorDetails = new ErrorDetails($"{exception.Message} {what}")
            {
                RecommendedAction = $"Run {cmdletName} with -Drain.",
            };
        }
        if (exception is HaproxyConnectionException { IsSessionClosed: true })
        {
            record.ErrorDetails = new ErrorDetails(exception.Message + " Connect again with Connect-Haproxy.")
            {
                RecommendedAction = "Connect again with Connect-Haproxy.",
            };
        }
        return record;
    }

    /// <summary>A change succeeded but its -PassThru read-back did not find the object (removed meanwhile): one record
    /// for servers, backends, maps and ACLs alike. <paramref name="target"/> is how the change named it.</summary>
    public static ErrorRecord NotFoundAfterChange(string noun, string target) =>
        NotFound($"{noun} '{target}' was not found after the change.", target);

    /// <summary>A name the user gave matched nothing HAProxy has.</summary>
    public static ErrorRecord NotFound(string message, object? target) =>
        new ErrorRecord(new ItemNotFoundException(message), ErrorIds.ObjectNotFound, ErrorCategory.ObjectNotFound, target);

    /// <summary>The object a change would create exists already, and the cmdlet does not make a second one.</summary>
    public static ErrorRecord AlreadyExists(string message, object? target) =>
        new ErrorRecord(new InvalidOperationException(message), ErrorIds.ObjectExists, ErrorCategory.ResourceExists, target);

    /// <summary>No session to use: none given, and no default (category ConnectionError).</summary>
    public static ErrorRecord NoSession(string message) =>
        new ErrorRecord(new InvalidOperationException(message), ErrorIds.NoSession, ErrorCategory.ConnectionError, null);

    /// <summary>A session asked for by id or name is not open.</summary>
    public static ErrorRecord SessionNotFound(string message, object target) =>
        new ErrorRecord(new ItemNotFoundException(message), ErrorIds.SessionNotFound, ErrorCategory.ObjectNotFound, target);

    /// <summary>A value the module refuses before sending anything (e.g. an invalid wildcard pattern).</summary>
    public static ErrorRecord InvalidArgument(string message, object? target) =>
        new ErrorRecord(new ArgumentException(message), ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, target);

    /// <summary>A piped object of a type the cmdlet cannot act on.</summary>
    public static ErrorRecord WrongInputObject(string message, object target) =>
        new ErrorRecord(new ArgumentException(message), ErrorIds.WrongInputObject, ErrorCategory.InvalidType, target);

    /// <summary>A failure that leaves the session unusable for this pipeline: stop rather than fail item by item.</summary>
    public static bool IsTerminating(Exception exception) =>
        exception is HaproxyConnectionException || exception is HaproxyFeatureNotSupportedException;

    private static (string, ErrorCategory) Classify(Exception exception) => exception switch
    {
        HaproxyArgumentException _ => (ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument),
        HaproxyFeatureNotSupportedException _ => (ErrorIds.FeatureNotSupported, ErrorCategory.NotImplemented),
        HaproxyOutcomeUnknownException _ => (ErrorIds.OutcomeUnknown, ErrorCategory.ConnectionError),
        HaproxyConnectionException _ => (ErrorIds.ConnectionFailed, ErrorCategory.ConnectionError),
        HaproxyTimeoutException _ => (ErrorIds.Timeout, ErrorCategory.OperationTimeout),
        HaproxyProtocolException _ => (ErrorIds.ProtocolError, ErrorCategory.ProtocolError),
        HaproxyException h => h.Kind switch
        {
            HaproxyErrorKind.NotFound => (ErrorIds.ObjectNotFound, ErrorCategory.ObjectNotFound),
            HaproxyErrorKind.AlreadyExists => (ErrorIds.ObjectExists, ErrorCategory.ResourceExists),
            HaproxyErrorKind.PermissionDenied => (ErrorIds.PermissionDenied, ErrorCategory.PermissionDenied),
            HaproxyErrorKind.NotRemovable => (ErrorIds.NotRemovable, ErrorCategory.InvalidOperation),
            HaproxyErrorKind.InvalidArgument => (ErrorIds.InvalidCommand, ErrorCategory.InvalidArgument),
            HaproxyErrorKind.InvalidOperation => (ErrorIds.InvalidOperation, ErrorCategory.InvalidOperation),
            HaproxyErrorKind.Timeout => (ErrorIds.WaitTimeout, ErrorCategory.OperationTimeout),
            HaproxyErrorKind.UnexpectedResponse => (ErrorIds.UnexpectedResponse, ErrorCategory.InvalidResult),
            HaproxyErrorKind.NotSupported => (ErrorIds.NotSupported, ErrorCategory.InvalidOperation),
            _ => (ErrorIds.CommandFailed, ErrorCategory.NotSpecified),
        },
        _ => (ErrorIds.CommandFailed, ErrorCategory.NotSpecified),
    };
}
