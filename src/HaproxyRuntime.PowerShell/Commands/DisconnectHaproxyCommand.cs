using System.Management.Automation;
using HaproxyRuntime.Client;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Closes sessions (the default set when none is given) and forgets them.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Haproxy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class DisconnectHaproxyCommand : HaproxyCmdlet
{
    /// <summary>The session(s) to close: sessions, their Ids (Disconnect-Haproxy 2) or Names.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SessionTransformation]
    public HaproxySession[]? Session { get; set; }

    protected override void ProcessRecord()
    {
        var registry = SessionRegistry.Current;
        var defaults = registry.Defaults;
        var sessions = Session ?? (defaults.Count > 0 ? System.Linq.Enumerable.ToArray(defaults) : null);
        if (sessions is null)
        {
            ThrowTerminatingError(ErrorRecordFactory.NoSession("No HAProxy session to disconnect."));
            return;
        }
        foreach (var session in sessions)
        {
            if (!ShouldProcess(session.ToString(), "Disconnect")) continue;
            session.Dispose();
            registry.Remove(session);
        }
    }
}
