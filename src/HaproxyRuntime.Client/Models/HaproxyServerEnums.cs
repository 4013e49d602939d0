using System;

namespace HaproxyRuntime.Client.Models;

/// <summary>The administrative state an operator sets with <c>set server ... state</c>.</summary>
public enum HaproxyServerState
{
    Ready,
    Drain,
    Maint,
}

/// <summary>How a server added at run time starts (<c>init-state</c>, HAProxy 3.2 and later): whether it takes traffic
/// before its first health check, and how many checks turn it.</summary>
public enum HaproxyServerInitState
{
    /// <summary>In service at once; turns down only when all of its 'fall' checks fail.</summary>
    FullyUp,
    /// <summary>In service at once; the first failed check turns it down (HAProxy's default).</summary>
    Up,
    /// <summary>Out of service until a check passes: the first passed check turns it up.</summary>
    Down,
    /// <summary>Out of service until all of its 'rise' checks pass.</summary>
    FullyDown,
}

/// <summary>HAProxy's operational state of a server (srv_op_state in <c>show servers state</c>).</summary>
public enum HaproxyServerOperationalState
{
    Stopped = 0,
    Starting = 1,
    Running = 2,
    Stopping = 3,
}

/// <summary>The admin-state bits of <c>show servers state</c> (srv_admin_state: enum srv_admin, SRV_ADMF_* in HAProxy's
/// include/haproxy/server-t.h). Only <see cref="ForcedMaint"/>, <see cref="InheritedMaint"/> and
/// <see cref="ResolutionMaint"/> put a server in maintenance (HAProxy's SRV_ADMF_MAINT mask, 0x23); the drain bits drain
/// it; <see cref="ConfigMaint"/> and <see cref="FqdnChanged"/> are markers, not states.</summary>
[Flags]
public enum HaproxyServerAdminFlags
{
    None = 0,
    /// <summary>Maintenance forced by the operator (set server state maint, disable server) — SRV_ADMF_FMAINT.</summary>
    ForcedMaint = 0x01,
    /// <summary>Maintenance inherited from a tracked server — SRV_ADMF_IMAINT.</summary>
    InheritedMaint = 0x02,
    /// <summary>Marked <c>disabled</c> in the configuration — SRV_ADMF_CMAINT. HAProxy keeps this marker after the
    /// server is enabled, so on its own it does not mean maintenance.</summary>
    ConfigMaint = 0x04,
    /// <summary>Drain forced by the operator — SRV_ADMF_FDRAIN.</summary>
    ForcedDrain = 0x08,
    /// <summary>Drain inherited from a tracked server — SRV_ADMF_IDRAIN.</summary>
    InheritedDrain = 0x10,
    /// <summary>Maintenance because the server's name failed to resolve — SRV_ADMF_RMAINT.</summary>
    ResolutionMaint = 0x20,
    /// <summary>The server's FQDN was changed at run time — SRV_ADMF_FQDN_CHANGED, set and never removed (it tells a
    /// server-state file to keep the new name). Not a state.</summary>
    FqdnChanged = 0x40,
}

/// <summary>The server's SSL setting (srv_use_ssl of <c>show servers state</c>).</summary>
public enum HaproxyServerSsl
{
    /// <summary><c>no-ssl</c> in the configuration: SSL is off and explicitly so (HAProxy's -1).</summary>
    NoSsl = -1,
    /// <summary>Off (not configured).</summary>
    Off = 0,
    /// <summary>On: connections to the server use SSL.</summary>
    On = 1,
}

/// <summary>A forced health-check result (<c>set server ... health</c>).</summary>
public enum HaproxyHealthState
{
    Up,
    Stopping,
    Down,
}

/// <summary>A forced agent-check result (<c>set server ... agent</c>).</summary>
public enum HaproxyAgentState
{
    Up,
    Down,
}
