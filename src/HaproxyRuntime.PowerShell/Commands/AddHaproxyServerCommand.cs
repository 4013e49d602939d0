using System;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Adds a server to a backend at run time. HAProxy creates dynamic servers in maintenance: enable them with
/// Enable-HaproxyServer (and Enable-HaproxyHealthCheck when -Check is set).</summary>
[Cmdlet(VerbsCommon.Add, "HaproxyServer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(HaproxyServer))]
public sealed class AddHaproxyServerCommand : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.BackendCompleter))]
    public string Backend { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Server")]
    public string Name { get; set; } = string.Empty;

    /// <summary>IPv4/IPv6 address or host name (HAProxy resolves names at add time).</summary>
    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    public string Address { get; set; } = string.Empty;

    [Parameter(Position = 3, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    public int? Port { get; set; }

    /// <summary>Configure a health check (<c>check</c>).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public SwitchParameter Check { get; set; }

    /// <summary>Port the health check connects to (<c>port</c>).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, 65535)]
    public int? CheckPort { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 256)]
    public int? Weight { get; set; }

    /// <summary>How the server starts (<c>init-state</c>, HAProxy 3.2 and later): Down keeps it out of service until its
    /// first health check passes, so no request reaches an application that is not listening yet.</summary>
    // A string checked by ValidateSet, not the enum: from the pipeline, a value PowerShell cannot convert to the enum
    // would leave the parameter unbound without a word, where a failed validation is an error for that row.
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("FullyUp", "Up", "Down", "FullyDown", "fully-up", "fully-down")]
    public string? InitState { get; set; }

    /// <summary>Further server keywords, e.g. 'inter 2s','maxconn 100','backup'. Each word is escaped, so none can
    /// end the command.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Keyword")]
    public string[]? Option { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var options = new AddServerOptions
        {
            Check = Check,
            CheckPort = CheckPort,
            Weight = Weight,
            InitState = InitState is null ? null : (HaproxyServerInitState)Enum.Parse(typeof(HaproxyServerInitState), InitState.Replace("-", string.Empty), ignoreCase: true),
            Keywords = Option ?? Array.Empty<string>(),
        };
        var command = HaproxyRequests.AddServer(Backend, Name, Address, Port, options);
        if (!ShouldProcess(command)) return;
        RunOperation(session, command.Target, sending => ServerCreation.Add(session, command, Backend, Name, CancelToken, sending));
        if (PassThru && ReadServer(session, Backend, Name) is { } server) WriteObject(server);
    }
}
