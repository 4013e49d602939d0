using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Changes process-wide limits at run time: <c>set maxconn global</c> and the <c>set rate-limit ... global</c>
/// family (0 removes a rate limit).</summary>
[Cmdlet(VerbsCommon.Set, "HaproxyGlobal", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(HaproxyProcessInfo))]
public sealed class SetHaproxyGlobalCommand : HaproxySessionCmdlet
{
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? MaxConn { get; set; }

    /// <summary>New connections per second the process accepts.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? ConnectionRateLimit { get; set; }

    /// <summary>New sessions per second.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? SessionRateLimit { get; set; }

    /// <summary>New SSL sessions per second.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? SslSessionRateLimit { get; set; }

    /// <summary>HTTP compression input rate, in kB/s.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? CompressionRateLimit { get; set; }

    /// <summary>Write the process information (show info) afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var commands = new List<CliRequest<CliDone>>();
        if (MaxConn is int maxConn) commands.Add(HaproxyRequests.SetGlobalMaxConn(maxConn));
        if (ConnectionRateLimit is int c) commands.Add(HaproxyRequests.SetGlobalRateLimit(HaproxyRateLimit.Connections, c));
        if (SessionRateLimit is int s) commands.Add(HaproxyRequests.SetGlobalRateLimit(HaproxyRateLimit.Sessions, s));
        if (SslSessionRateLimit is int ssl) commands.Add(HaproxyRequests.SetGlobalRateLimit(HaproxyRateLimit.SslSessions, ssl));
        if (CompressionRateLimit is int z) commands.Add(HaproxyRequests.SetGlobalRateLimit(HaproxyRateLimit.HttpCompression, z));
        if (commands.Count == 0)
        {
            throw new HaproxyArgumentException("MaxConn", "Give at least one limit to change (-MaxConn, -ConnectionRateLimit, ...).");
        }
        foreach (var command in commands)
        {
            if (ShouldProcess(command)) Invoke(session, command);
        }
        if (PassThru) WriteObject(Invoke(session, HaproxyRequests.ShowInfo()));
    }
}
