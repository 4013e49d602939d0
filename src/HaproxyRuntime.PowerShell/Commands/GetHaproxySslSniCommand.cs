using System;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns the SNIs the frontends' bind lines answer, with each certificate's validity (<c>show ssl sni</c>,
/// HAProxy 3.2+); -Expired and -ExpiresWithin keep those whose certificate has expired, now or by then.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxySslSni", DefaultParameterSetName = AllSet)]
[OutputType(typeof(HaproxySslSni))]
public sealed class GetHaproxySslSniCommand : HaproxySessionCmdlet
{
    private const string AllSet = "All";
    private const string ExpiredSet = "Expired";
    private const string WithinSet = "ExpiresWithin";

    /// <summary>Only this frontend's bind lines.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.FrontendCompleter))]
    public string? Frontend { get; set; }

    /// <summary>Only the SNIs whose certificate has expired.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ExpiredSet)]
    public SwitchParameter Expired { get; set; }

    /// <summary>Only the SNIs whose certificate will have expired this long from now (2592000, '30d', a TimeSpan).</summary>
    [Parameter(Mandatory = true, ParameterSetName = WithinSet)]
    [DurationTransformation]
    public TimeSpan ExpiresWithin { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        TimeSpan? by = ParameterSetName == ExpiredSet ? TimeSpan.Zero : ParameterSetName == WithinSet ? ExpiresWithin : null;
        WriteObject(Invoke(session, HaproxyRequests.GetSslSnis(Frontend, by)), enumerateCollection: true);
    }
}
