using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// Shape shared by the cmdlets that change one server: -Backend and -Name bound from piped HaproxyServer objects,
/// ShouldProcess on "backend/server", one request, and -PassThru re-reading the server so the next cmdlet sees its
/// new state.
/// </summary>
public abstract class HaproxyServerChangeCmdlet : HaproxySessionCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Backend { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Server")]
    public string Name { get; set; } = string.Empty;

    /// <summary>Write the server, as HAProxy reports it after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The request this cmdlet sends for the bound server.</summary>
    protected abstract CliCommand<CliDone> BuildCommand();

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = BuildCommand();
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
        if (PassThru && ReadServer(session, Backend, Name) is HaproxyServer server) WriteObject(server);
    }
}
