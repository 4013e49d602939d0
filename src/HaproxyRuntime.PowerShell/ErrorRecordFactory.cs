using System;
using System.Management.Automation;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.PowerShell;

/// <summary>Maps client exceptions to ErrorRecords with a stable ErrorId and a meaningful category.</summary>
internal static class ErrorRecordFactory
{
    public static ErrorRecord From(Exception exception, object? target)
    {
        var (id, category) = Classify(exception);
        return new ErrorRecord(exception, id, category, target);
    }

    /// <summary>A change succeeded but its -PassThru read-back did not find the object (removed meanwhile): one record
    /// for servers, backends, maps and ACLs alike. <paramref name="target"/> is how the change named it.</summary>
    public static ErrorRecord NotFoundAfterChange(string noun, string target) =>
        new ErrorRecord(new ItemNotFoundException($"{noun} '{target}' was not found after the change."),
            ErrorIds.ObjectNotFound, ErrorCategory.ObjectNotFound, target);

    /// <summary>A failure that leaves the session unusable for this pipeline: stop rather than fail item by item.</summary>
    public static bool IsTerminating(Exception exception) => exception is HaproxyConnectionException;

    private static (string, ErrorCategory) Classify(Exception exception) => exception switch
    {
        HaproxyArgumentException _ => (ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument),
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
            _ => (ErrorIds.CommandFailed, ErrorCategory.NotSpecified),
        },
        _ => (ErrorIds.CommandFailed, ErrorCategory.NotSpecified),
    };
}
