using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client.Commands;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// Shape shared by the cmdlets that change one server: -Backend and -Name bound from piped HaproxyServer objects,
/// ShouldProcess on "backend/server", the requests of many piped servers sent pipelined, and -PassThru re-reading the
/// changed servers (one <c>show servers state</c> per backend) so the next cmdlet sees their new state.
/// </summary>
public abstract class HaproxyServerChangeCmdlet : HaproxyBatchingCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Backend { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Server")]
    public string Name { get; set; } = string.Empty;

    /// <summary>Write the server, as HAProxy reports it after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The request(s) this cmdlet sends for the bound server, in order.</summary>
    protected abstract IEnumerable<CliCommand<CliDone>> BuildCommands();

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        // Build them all first, so an invalid value refuses the whole record before any part of it is queued.
        foreach (var command in BuildCommands().ToList())
        {
            if (!ShouldProcess(command)) continue;
            Enqueue(session, command, command.Target, new KeyValuePair<string, string>(Backend, Name));
        }
    }

    protected override void OnBatchSent(HaproxySession session, IReadOnlyList<object?> succeeded)
    {
        if (!PassThru || succeeded.Count == 0) return;
        // A server changed by several commands is written once.
        foreach (var group in succeeded.Cast<KeyValuePair<string, string>>().Distinct().GroupBy(s => s.Key))
        {
            var servers = ReadServers(session, group.Key).ToDictionary(s => s.Name);
            foreach (var changed in group)
            {
                if (servers.TryGetValue(changed.Value, out var server)) WriteObject(server);
                else WriteError(new ErrorRecord(new ItemNotFoundException($"Server '{group.Key}/{changed.Value}' was not found after the change."),
                    ErrorIds.ObjectNotFound, ErrorCategory.ObjectNotFound, $"{group.Key}/{changed.Value}"));
            }
        }
    }
}
