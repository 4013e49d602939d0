using System;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
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
            Keywords = Option ?? Array.Empty<string>(),
        };
        var command = HaproxyRequests.AddServer(Backend, Name, Address, Port, options);
        if (!ShouldProcess(command)) return;
        try
        {
            Invoke(session, command);
        }
        catch (HaproxyCommandException ex) when (ex.Kind == HaproxyErrorKind.UnexpectedResponse && string.IsNullOrWhiteSpace(ex.Response))
        {
            // HAProxy 3.4.7 reports 'add server' errors through a 1,024-byte message buffer and silently drops a message
            // that does not fit (one quoting a word of ~1,000 characters), answering nothing at all. Whether the server
            // exists tells a dropped refusal from a dropped success notice.
            // Read without Invoke, so the error below keeps this server as its target.
            var check = HaproxyRequests.GetServers(Backend);
            WriteCliLine(session.Name, check.Line);
            bool created = session.Execute(check, CancelToken).Exists(s => s.Name == Name);
            if (!created)
            {
                throw new HaproxyArgumentException("Option",
                    $"HAProxy refused '{command.Text}' but dropped its error message (it did not fit HAProxy's 1,024-byte message buffer: a word of the address or of -Option is about 1,000 characters or longer). Nothing was created.");
            }
        }
        if (PassThru && ReadServer(session, Backend, Name) is { } server) WriteObject(server);
    }
}
