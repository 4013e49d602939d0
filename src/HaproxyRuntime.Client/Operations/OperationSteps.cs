using System;
using System.Threading;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Operations;

/// <summary>How an operation sends one of its requests: the caller's <c>sending</c> callback first (it shows the exact
/// CLI line, e.g. PowerShell's -Verbose), then the session's blocking call.</summary>
internal static class OperationSteps
{
    public static T Send<T>(this HaproxySession session, CliRequest<T> request, Action<CliRequest>? sending, CancellationToken cancellationToken)
    {
        sending?.Invoke(request);
        return session.Execute(request, cancellationToken);
    }
}
