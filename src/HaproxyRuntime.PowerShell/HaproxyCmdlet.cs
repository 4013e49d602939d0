using System;
using System.Management.Automation;
using System.Threading;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// Base of every cmdlet: owns the cancellation token that Ctrl+C (StopProcessing) trips, so a blocking socket call
/// returns promptly and the session drops the half-read connection instead of leaving its tail for the next command.
/// </summary>
public abstract class HaproxyCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new CancellationTokenSource();

    protected CancellationToken CancelToken => _cancellation.Token;

    protected override void StopProcessing() => _cancellation.Cancel();

    /// <summary>Writes a client failure as an ErrorRecord: terminating when the session is unusable, otherwise
    /// non-terminating so the rest of the pipeline input is still processed.</summary>
    protected void WriteFailure(Exception exception, object? target)
    {
        var record = ErrorRecordFactory.From(exception, target);
        if (ErrorRecordFactory.IsTerminating(exception)) ThrowTerminatingError(record);
        WriteError(record);
    }

    public void Dispose()
    {
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
