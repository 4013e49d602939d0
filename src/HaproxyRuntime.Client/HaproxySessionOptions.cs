using System;

namespace HaproxyRuntime.Client;

/// <summary>How a <see cref="HaproxySession"/> connects and how long it waits.</summary>
public sealed class HaproxySessionOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Limit for opening the socket and completing the handshake.</summary>
    public TimeSpan ConnectTimeout { get; set; } = DefaultTimeout;

    /// <summary>Limit for one request's answer (a <c>wait</c> adds its own delay on top).</summary>
    public TimeSpan CommandTimeout { get; set; } = DefaultTimeout;

    /// <summary>A label shown by Get-HaproxySession; defaults to the endpoint.</summary>
    public string? Name { get; set; }

    internal void Validate()
    {
        if (ConnectTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), "The connect timeout must be positive.");
        if (CommandTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(CommandTimeout), "The command timeout must be positive.");
    }
}
