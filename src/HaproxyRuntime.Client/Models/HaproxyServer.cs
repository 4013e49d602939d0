using System;

namespace HaproxyRuntime.Client.Models;

/// <summary>A server as <c>show servers state</c> describes it. <see cref="Backend"/> and <see cref="Name"/> bind by
/// property name to the -Backend and -Name parameters of the server cmdlets.</summary>
public sealed class HaproxyServer : HaproxyObject
{
    public HaproxyServer(string backend, string name)
    {
        Backend = backend;
        Name = name;
    }

    public string Backend { get; }
    public string Name { get; }
    public int BackendId { get; internal set; }
    public int Id { get; internal set; }
    public string? Address { get; internal set; }
    public int? Port { get; internal set; }
    public string? Fqdn { get; internal set; }

    /// <summary>Ready, Drain or Maint, derived from <see cref="AdminFlags"/> as HAProxy does: maintenance is any of
    /// its SRV_ADMF_MAINT bits (forced, inherited, resolution), and wins over drain (SRV_ADMF_DRAIN).</summary>
    public HaproxyServerState AdminState
    {
        get
        {
            const HaproxyServerAdminFlags maint = HaproxyServerAdminFlags.ForcedMaint | HaproxyServerAdminFlags.InheritedMaint |
                HaproxyServerAdminFlags.ResolutionMaint;
            const HaproxyServerAdminFlags drain = HaproxyServerAdminFlags.ForcedDrain | HaproxyServerAdminFlags.InheritedDrain;
            if ((AdminFlags & maint) != 0) return HaproxyServerState.Maint;
            if ((AdminFlags & drain) != 0) return HaproxyServerState.Drain;
            return HaproxyServerState.Ready;
        }
    }

    public HaproxyServerAdminFlags AdminFlags { get; internal set; }
    public HaproxyServerOperationalState OperationalState { get; internal set; }

    /// <summary>Current (user) weight.</summary>
    public int Weight { get; internal set; }

    /// <summary>Weight from the configuration or the <c>add server</c> line.</summary>
    public int InitialWeight { get; internal set; }

    /// <summary>A health check is configured (the server has <c>check</c>): srv_check_state bit 0x2.</summary>
    public bool HealthCheckConfigured => (CheckState & 0x2) != 0;

    /// <summary>The configured health check is enabled (<c>enable health</c>): srv_check_state bit 0x4.</summary>
    public bool HealthCheckEnabled => (CheckState & 0x4) != 0;

    /// <summary>Raw srv_check_state bits (CHK_ST_* in HAProxy: 0x1 in progress, 0x2 configured, 0x4 enabled, 0x8 paused).</summary>
    public int CheckState { get; internal set; }
    public int? CheckPort { get; internal set; }
    public string? CheckAddress { get; internal set; }
    /// <summary>Connections to the server use SSL (<see cref="Ssl"/> is On).</summary>
    public bool UseSsl => Ssl == HaproxyServerSsl.On;

    /// <summary>The SSL setting as HAProxy reports it: On, Off, or NoSsl (<c>no-ssl</c> configured).</summary>
    public HaproxyServerSsl Ssl { get; internal set; }

    /// <summary>Time since the last operational state change.</summary>
    public TimeSpan SinceLastChange { get; internal set; }

    // Live figures from 'show stat' (filled by ServerReader; null when only 'show servers state' was read).

    /// <summary>HAProxy's status text: UP, DOWN, MAINT, DRAIN, "no check"...</summary>
    public string? Status { get; internal set; }

    /// <summary>Last health-check result as HAProxy names it (L4OK, L7OK, L4CON, ... — check_statuses[] in check.c),
    /// without the "* " HAProxy puts before it while a check runs; null when the check is not enabled.</summary>
    public string? CheckStatus { get; internal set; }
    public long? CheckDurationMs { get; internal set; }
    public long CurrentSessions { get; internal set; }
    public long TotalSessions { get; internal set; }

    /// <summary>The server's maxconn (slim), null when unlimited.</summary>
    public long? MaxConn { get; internal set; }

    /// <summary>"backend/server", the form the CLI uses.</summary>
    public string FullName => Backend + "/" + Name;

    public override string ToString() => FullName;
}
