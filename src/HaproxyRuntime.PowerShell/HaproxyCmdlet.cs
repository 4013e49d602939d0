using System;
using System.Collections.Generic;
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

    /// <summary>The thread PowerShell runs this cmdlet on (it creates the cmdlet there): the only one allowed to write.</summary>
    private readonly int _pipelineThread = Environment.CurrentManagedThreadId;

    /// <summary>Set while <see cref="RunInParallel{T}"/> runs work on other threads.</summary>
    private FanOut? _fanOut;

    /// <summary>True when the calling thread may call PowerShell directly: no fan-out runs, or this is the pipeline thread.</summary>
    private bool OnPipelineThread => _fanOut is null || Environment.CurrentManagedThreadId == _pipelineThread;

    /// <summary>Whether a fan-out is running (work started inside one runs inline rather than fanning out again).</summary>
    protected bool FanningOut => _fanOut != null;

    /// <summary>
    /// Runs <paramref name="work"/> once per item, up to <paramref name="throttle"/> items at a time on threads of their
    /// own, with everything they write, ask (ShouldProcess) or resolve (paths) carried out on the pipeline thread, in
    /// each item's own order. One item runs inline, on the pipeline thread. The first failure that is not the item's own
    /// (a stopped pipeline, a terminating error) stops the others and is rethrown here.
    /// </summary>
    protected void RunInParallel<T>(IReadOnlyList<T> items, int throttle, Action<T> work)
    {
        if (items.Count <= 1 || _fanOut != null)
        {
            foreach (var item in items) work(item);
            return;
        }
        // Looked up here, once: they read session state, which other threads must not.
        _ = VerboseEnabled;
        _ = ShouldProcessIsTrivial;
        using var fanOut = new FanOut();
        _fanOut = fanOut;
        try
        {
            fanOut.Run(items, throttle, work, () => _cancellation.Cancel());
        }
        finally
        {
            _fanOut = null;
        }
    }

    /// <summary>Runs <paramref name="question"/> on the pipeline thread (at once when already there) and returns its answer.</summary>
    protected T OnPipeline<T>(Func<T> question) => OnPipelineThread ? question() : _fanOut!.Call(question);

    protected new void WriteObject(object? sendToPipeline)
    {
        if (OnPipelineThread) base.WriteObject(sendToPipeline);
        else _fanOut!.Post(() => base.WriteObject(sendToPipeline));
    }

    protected new void WriteObject(object? sendToPipeline, bool enumerateCollection)
    {
        if (OnPipelineThread) base.WriteObject(sendToPipeline, enumerateCollection);
        else _fanOut!.Post(() => base.WriteObject(sendToPipeline, enumerateCollection));
    }

    protected new void WriteError(ErrorRecord errorRecord)
    {
        if (OnPipelineThread) base.WriteError(errorRecord);
        else _fanOut!.Post(() => base.WriteError(errorRecord));
    }

    protected new void WriteVerbose(string text)
    {
        if (OnPipelineThread) base.WriteVerbose(text);
        else _fanOut!.Post(() => base.WriteVerbose(text));
    }

    /// <summary>Over several nodes a warning names its node, as -WhatIf does (<see cref="TagTarget"/>).</summary>
    protected new void WriteWarning(string text)
    {
        text = TagTarget(text);
        if (OnPipelineThread) base.WriteWarning(text);
        else _fanOut!.Post(() => base.WriteWarning(text));
    }

    protected new void WriteDebug(string text)
    {
        if (OnPipelineThread) base.WriteDebug(text);
        else _fanOut!.Post(() => base.WriteDebug(text));
    }

    protected new void WriteProgress(ProgressRecord progressRecord)
    {
        progressRecord = TagProgress(progressRecord);
        if (OnPipelineThread) base.WriteProgress(progressRecord);
        else _fanOut!.Post(() => base.WriteProgress(progressRecord));
    }

    protected new bool ShouldProcess(string target) => ShouldProcess(target, MyInvocation.MyCommand.Name);

    protected new bool ShouldProcess(string target, string action)
    {
        string tagged = TagTarget(target);
        return OnPipeline(() => base.ShouldProcess(tagged, action));
    }

    protected new bool ShouldContinue(string query, string caption) => OnPipeline(() => base.ShouldContinue(query, caption));

    /// <summary>Never returns. From another thread of a fan-out, it is thrown on the pipeline thread and stops the others.</summary>
    protected new void ThrowTerminatingError(ErrorRecord errorRecord)
    {
        if (OnPipelineThread) base.ThrowTerminatingError(errorRecord);
        _fanOut!.Call<bool>(() => { base.ThrowTerminatingError(errorRecord); return false; });
        throw new FanOut.StoppedException();
    }

    /// <summary>A progress record as written: the session cmdlets give each node its own bar when several are
    /// involved.</summary>
    protected virtual ProgressRecord TagProgress(ProgressRecord progressRecord) => progressRecord;

    /// <summary>The target as ShouldProcess shows it (-WhatIf, -Confirm): the session cmdlets name the node when several
    /// are involved.</summary>
    protected virtual string TagTarget(string target) => target;

    /// <summary>Whether this invocation works on several sessions (nodes): its failures are then the failing node's, never
    /// terminating, so the other nodes go on.</summary>
    protected bool IsFleet { get; set; }

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
    protected bool ConfirmHighImpact(string query, string caption) => OnPipeline(() => ConfirmHighImpactHere(query, caption));

    private bool ConfirmHighImpactHere(string query, string caption)
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
    /// still processed. Over several nodes it is never terminating: one node down must not stop the others.</summary>
    protected void WriteFailure(Exception exception, object? target)
    {
        var record = Describe(exception, target);
        if (ErrorRecordFactory.IsTerminating(exception) && !IsFleet) ThrowTerminatingError(record);
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
