using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Returns the last invalid request and response each proxy captured (<c>show errors</c>): where the
/// message came from, where HAProxy's parser stopped, and the captured bytes as text.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyError")]
[OutputType(typeof(HaproxyCapturedError))]
public sealed class GetHaproxyErrorCommand : HaproxySessionCmdlet
{
    /// <summary>Only captures of this proxy (a frontend, backend or listen section; its name, or its numeric id as
    /// HAProxy takes it), including those where it is the other end. All proxies when omitted.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ProxyCompleter))]
    public string? Proxy { get; set; }

    /// <summary>Only requests or only responses.</summary>
    [Parameter]
    public HaproxyErrorDirection? Direction { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session) =>
        WriteObject(Invoke(session, HaproxyRequests.GetErrors(Proxy, Direction)), enumerateCollection: true);
}
