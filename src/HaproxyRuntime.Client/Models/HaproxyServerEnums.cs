using System;

namespace HaproxyRuntime.Client.Models;

/// <summary>The administrative state an operator sets with <c>set server ... state</c>.</summary>
public enum HaproxyServerState
{
    Ready,
    Drain,
    Maint,
}

/// <summary>HAProxy's operational state of a server (srv_op_state in <c>show servers state</c>).</summary>
public enum HaproxyServerOperationalState
{
    Stopped = 0,
    Starting = 1,
    Running = 2,
    Stopping = 3,
}

/// <summary>The admin-state bits of <c>show servers state</c> (srv_admin_state, enum srv_admin in HAProxy).</summary>
[Flags]
public enum HaproxyServerAdminFlags
{
    None = 0,
    /// <summary>Maintenance forced by the operator (set server state maint, disable server).</summary>
    ForcedMaint = 0x01,
    /// <summary>Maintenance inherited from a tracked server.</summary>
    InheritedMaint = 0x02,
    /// <summary>Disabled in the configuration.</summary>
    ConfigMaint = 0x04,
    /// <summary>Drain forced by the operator.</summary>
    ForcedDrain = 0x08,
    /// <summary>Drain inherited from a tracked server.</summary>
    InheritedDrain = 0x10,
    /// <summary>Maintenance because the server's name failed to resolve.</summary>
    ResolutionMaint = 0x20,
    /// <summary>Maintenance because the server has no resolved address yet.</summary>
    HostnameMaint = 0x40,
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
