using System.Collections.Generic;

namespace HaproxyRuntime.Client.Requests;

/// <summary>The optional keywords of <c>add server</c> that have their own parameters; anything else goes through
/// <see cref="Keywords"/>, one HAProxy server keyword or value per element.</summary>
public sealed class AddServerOptions
{
    /// <summary>Enable health checks (<c>check</c>).</summary>
    public bool Check { get; set; }

    /// <summary>Port the health check connects to (<c>port N</c>).</summary>
    public int? CheckPort { get; set; }

    /// <summary>Initial weight, 0-256 (<c>weight N</c>).</summary>
    public int? Weight { get; set; }

    /// <summary>How the server starts (<c>init-state</c>; HAProxy 3.2 and later).</summary>
    public HaproxyRuntime.Client.Models.HaproxyServerInitState? InitState { get; set; }

    /// <summary>Further keywords, e.g. "inter", "2s", "maxconn", "100", "backup".</summary>
    public IList<string> Keywords { get; set; } = new List<string>();
}
