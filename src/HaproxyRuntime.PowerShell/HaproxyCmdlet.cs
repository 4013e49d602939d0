using System;
using System.Management.Automation;
using System.Threading;
using HaproxyRuntime.Client.Protocol;

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

    private bool? _verboseEnabled;

    /// <summary>Whether verbose output is shown (-Verbose, or $VerbosePreference in scope), looked up once per
    /// invocation: formatting the CLI line of each of 100,000 piped entries only to have WriteVerbose drop it was a
    /// measurable part of a bulk load.</summary>
    protected bool VerboseEnabled => _verboseEnabled ??= LookUpVerbose();

    private bool LookUpVerbose()
    {
        if (MyInvocation.BoundParameters.TryGetValue("Verbose", out object? bound))
        {
            return bound is SwitchParameter sw ? sw.IsPresent : LanguagePrimitives.IsTrue(bound);
        }
        object? preference = GetVariableValue("VerbosePreference");
        if (preference is null || !LanguagePrimitives.TryConvertTo(preference, out ActionPreference value)) return false;
        return value != ActionPreference.SilentlyContinue && value != ActionPreference.Ignore;
    }

    private bool? _shouldProcessIsTrivial;

    /// <summary>
    /// True when ShouldProcess can only answer yes, silently: no -WhatIf (or $WhatIfPreference), no confirmation
    /// due (-Confirm, or ConfirmImpact at or above $ConfirmPreference), and no verbose output (where ShouldProcess
    /// prints "Performing the operation"). Looked up once per invocation. PowerShell formats a localised message on
    /// every ShouldProcess call before it looks at any of this, which costs a bulk load of 100,000 piped entries a
    /// measurable share of its time; when the answer is known, the per-record call is skipped.
    /// </summary>
    protected bool ShouldProcessIsTrivial => _shouldProcessIsTrivial ??= LookUpTrivialShouldProcess();

    private bool LookUpTrivialShouldProcess()
    {
        if (VerboseEnabled) return false;
        var bound = MyInvocation.BoundParameters;
        if (bound.TryGetValue("WhatIf", out object? whatIf))
        {
            if (LanguagePrimitives.IsTrue(whatIf)) return false;
        }
        else if (LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference")))
        {
            return false;
        }
        if (bound.TryGetValue("Confirm", out object? confirm))
        {
            return !LanguagePrimitives.IsTrue(confirm);
        }
        var attribute = (CmdletAttribute?)Attribute.GetCustomAttribute(GetType(), typeof(CmdletAttribute));
        if (attribute is null || !attribute.SupportsShouldProcess) return true;
        object? preference = GetVariableValue("ConfirmPreference");
        // An unreadable preference: let PowerShell decide, every time.
        if (preference is null || !LanguagePrimitives.TryConvertTo(preference, out ConfirmImpact threshold)) return false;
        return threshold == ConfirmImpact.None || attribute.ConfirmImpact < threshold;
    }

    /// <summary>
    /// Graded impact: after ShouldProcess said yes to a cmdlet declared Medium, asks again as a High-impact cmdlet would
    /// for a form of it that does more (Clear-HaproxyCounter -All): a prompt when $ConfirmPreference is High or lower and
    /// ShouldProcess did not already prompt; never under -Confirm:$false, -Confirm (which prompted) or -WhatIf.
    /// </summary>
    protected bool ConfirmHighImpact(string query, string caption)
    {
        var bound = MyInvocation.BoundParameters;
        if (bound.ContainsKey("Confirm")) return true;
        object? preference = GetVariableValue("ConfirmPreference");
        if (preference is null || !LanguagePrimitives.TryConvertTo(preference, out ConfirmImpact threshold)) return true;
        var attribute = (CmdletAttribute?)Attribute.GetCustomAttribute(GetType(), typeof(CmdletAttribute));
        bool alreadyPrompted = attribute != null && threshold != ConfirmImpact.None && attribute.ConfirmImpact >= threshold;
        if (threshold == ConfirmImpact.None || threshold > ConfirmImpact.High || alreadyPrompted) return true;
        return ShouldContinue(query, caption);
    }

    /// <summary>Writes the exact CLI line about to be sent, when verbose output is on, after the request's note when it
    /// stands in for another on this HAProxy (an older version's way of doing the same job).</summary>
    protected void WriteCliLine(string sessionName, CliRequest request)
    {
        if (!VerboseEnabled) return;
        if (request.Note != null) WriteVerbose($"[{sessionName}] {request.Note}");
        WriteVerbose($"[{sessionName}] {request.DisplayLine}");
    }

    /// <summary>Writes a client failure as an ErrorRecord: terminating when the session is unusable (or too old for the
    /// cmdlet, which every input would meet alike), otherwise non-terminating so the rest of the pipeline input is
    /// still processed.</summary>
    protected void WriteFailure(Exception exception, object? target)
    {
        var record = Describe(exception, target);
        if (ErrorRecordFactory.IsTerminating(exception)) ThrowTerminatingError(record);
        WriteError(record);
    }

    /// <summary>The ErrorRecord of a failure (the factory's), which a derived cmdlet may complete with what it can
    /// learn from its session.</summary>
    protected virtual ErrorRecord Describe(Exception exception, object? target) =>
        ErrorRecordFactory.From(exception, target, MyInvocation.MyCommand?.Name);

    /// <summary>Called once when PowerShell disposes the cmdlet, before its cancellation source goes.</summary>
    protected virtual void OnDisposing()
    {
    }

    public void Dispose()
    {
        OnDisposing();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
