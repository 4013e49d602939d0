using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Resets HAProxy's statistics counters (<c>clear counters</c>: the maximums; <c>-All</c>: every counter).</summary>
/// <remarks>ConfirmImpact Medium; with -All it asks as a High-impact cmdlet would, since every counter of every proxy,
/// server and listener is lost (<see cref="HaproxyCmdlet.ConfirmHighImpact"/>).</remarks>
[Cmdlet(VerbsCommon.Clear, "HaproxyCounter", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(void))]
public sealed class ClearHaproxyCounterCommand : HaproxySessionCmdlet
{
    /// <summary>Every counter (<c>clear counters all</c>, admin level), not only the maximums.</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = HaproxyRequests.ClearCounters(All);
        if (!ShouldProcess(command, session.Name)) return;
        if (All && !ConfirmHighImpact($"Reset every statistics counter of every proxy, server and listener of {session.Name}?", "Clear all counters")) return;
        Invoke(session, command);
    }
}
