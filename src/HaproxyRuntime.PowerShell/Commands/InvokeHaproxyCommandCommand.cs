using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Sends raw Runtime API commands and returns their output lines. One command per string; commands that would break
/// the session's framing (';', line breaks, prompt, quit, level changes, payloads) are refused. Commands other than
/// show/get/help/echo are treated as changes: -WhatIf/-Confirm apply and they are never resent automatically.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "HaproxyCommand", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(string))]
public sealed class InvokeHaproxyCommandCommand : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Command { get; set; } = System.Array.Empty<string>();

    /// <summary>On a master CLI session, send the commands to the master process itself (show proc, reload, the
    /// '@' prefixes...) instead of the worker.</summary>
    [Parameter]
    public SwitchParameter Master { get; set; }

    protected override bool RoutesToWorker => !Master;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        foreach (var text in Command)
        {
            // Each string is its own item: one refused or failed command is reported and the next still runs.
            try
            {
                var command = HaproxyRequests.Raw(text, Master);
                if (command.IsWrite && !ShouldProcess(command)) continue;
                var reply = Invoke(session, command);
                // Over several nodes each line says whose it is.
                WriteValues(reply.Lines, session);
            }
            catch (HaproxyException ex)
            {
                WriteFailure(ex, text);
            }
        }
    }
}
