using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>
/// Changes a server's runtime settings (the <c>set server</c> family): address and port, weight (absolute or a
/// percentage of the initial weight), maxconn, health-check and agent addresses and ports, the agent's send string, forced health and agent
/// results, SSL, FQDN. Each given setting is one command; many piped servers are sent pipelined. A setting HAProxy
/// does not apply (e.g. a check port on a server without health checks) is an error, never a silent no-op.
/// </summary>
[Cmdlet(VerbsCommon.Set, "HaproxyServer", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HaproxyServer))]
public sealed class SetHaproxyServerCommand : HaproxyServerChangeCmdlet
{
    [Parameter]
    public string? Address { get; set; }

    /// <summary>New port (with -Address, or alone to keep the address).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int? Port { get; set; }

    /// <summary>0-256, or a percentage of the initial weight such as '50%'.</summary>
    [Parameter]
    public string? Weight { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? MaxConn { get; set; }

    [Parameter]
    public string? CheckAddress { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int? CheckPort { get; set; }

    [Parameter]
    public string? AgentAddress { get; set; }

    [Parameter]
    [ValidateRange(1, 65535)]
    public int? AgentPort { get; set; }

    /// <summary>The string the agent check sends to the agent (needs an agent check on the server).</summary>
    [Parameter]
    public string? AgentSend { get; set; }

    /// <summary>Force the health-check result.</summary>
    [Parameter]
    public HaproxyHealthState? Health { get; set; }

    /// <summary>Force the agent-check result.</summary>
    [Parameter]
    public HaproxyAgentState? Agent { get; set; }

    /// <summary>Use SSL to the server (not supported by HAProxy on dynamic servers).</summary>
    [Parameter]
    [ValidateSet("On", "Off", IgnoreCase = true)]
    public string? Ssl { get; set; }

    /// <summary>Resolve the server's address from this name (needs a resolvers section).</summary>
    [Parameter]
    public string? Fqdn { get; set; }

    /// <summary>This record's <c>set server addr</c>, which HAProxy applies only after answering it.</summary>
    private CliRequest<CliDone>? _addressCommand;

    private (string Backend, string Name) _target;

    protected override ServerAddressExpectation? AppliedAfterAnswer(CliRequest<CliDone> command) =>
        ReferenceEquals(command, _addressCommand) ? new ServerAddressExpectation(_target.Backend, _target.Name, Address!, Port) : null;

    protected override bool TakesOutOfService =>
        Health is HaproxyHealthState.Down or HaproxyHealthState.Stopping || Agent == HaproxyAgentState.Down ||
        Weight?.Trim().TrimEnd('%').Trim() is "0";

    protected override IEnumerable<CliRequest<CliDone>> BuildCommands(string backend, string name)
    {
        var commands = new List<CliRequest<CliDone>>();
        _target = (backend, name);
        _addressCommand = null;
        if (Address != null)
        {
            _addressCommand = HaproxyRequests.SetServerAddress(backend, name, Address, Port);
            commands.Add(_addressCommand);
        }
        else if (Port is int port)
        {
            throw new HaproxyArgumentException("Port", "HAProxy changes a server's port only together with its address: give -Address as well.");
        }
        if (Weight != null) commands.Add(HaproxyRequests.SetServerWeight(backend, name, Weight));
        if (MaxConn is int maxConn) commands.Add(HaproxyRequests.SetServerMaxConn(backend, name, maxConn));
        if (CheckAddress != null) commands.Add(HaproxyRequests.SetServerCheckAddress(backend, name, CheckAddress));
        if (CheckPort is int checkPort) commands.Add(HaproxyRequests.SetServerCheckPort(backend, name, checkPort));
        if (AgentAddress != null) commands.Add(HaproxyRequests.SetServerAgentAddress(backend, name, AgentAddress));
        if (AgentPort is int agentPort) commands.Add(HaproxyRequests.SetServerAgentPort(backend, name, agentPort));
        if (AgentSend != null) commands.Add(HaproxyRequests.SetServerAgentSend(backend, name, AgentSend));
        if (Health is HaproxyHealthState health) commands.Add(HaproxyRequests.SetServerHealth(backend, name, health));
        if (Agent is HaproxyAgentState agent) commands.Add(HaproxyRequests.SetServerAgent(backend, name, agent));
        if (Ssl != null) commands.Add(HaproxyRequests.SetServerSsl(backend, name, Ssl.Equals("On", System.StringComparison.OrdinalIgnoreCase)));
        if (Fqdn != null) commands.Add(HaproxyRequests.SetServerFqdn(backend, name, Fqdn));
        if (commands.Count == 0)
        {
            throw new HaproxyArgumentException("Address", "Give at least one setting to change (-Address, -Weight, -MaxConn, -CheckPort, -Health, ...).");
        }
        return commands;
    }
}
