using System;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client;

/// <summary>How a <see cref="HaproxySession"/> connects and how long it waits.</summary>
public sealed class HaproxySessionOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Limit for opening a connection: the connect, the TLS handshake (tls://) and the CLI handshake share
    /// this one budget, so a session is ready or failed within it. Every reconnect gets it afresh.</summary>
    public TimeSpan ConnectTimeout { get; set; } = DefaultTimeout;

    /// <summary>How long to wait for answers (a <c>wait</c> adds its own delay on top). For one command it is a deadline
    /// for the whole request, from sending it to its last answer: bytes still trickling in do not extend it. For a
    /// batch (<see cref="HaproxySession.ExecuteManyAsync{T}"/>) it bounds the wait for each next complete answer, so a
    /// long batch runs while HAProxy keeps answering. On expiry the connection is closed and the next command
    /// reconnects.</summary>
    public TimeSpan CommandTimeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// A connection idle for longer than this is checked (<c>show info</c>) before it carries the next command. A
    /// reload does not close existing CLI connections: they stay attached to the old, stopping worker, where a change
    /// is applied to a process about to exit. The check sees <c>Stopping: 1</c> or another PID and reconnects to the
    /// new worker. Commands sent back to back are never checked, so a loop pays nothing.
    /// </summary>
    public TimeSpan RevalidateAfterIdle { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>For tls:// endpoints: accept any server certificate. An explicit opt-out; validation is on by default.</summary>
    public bool SkipCertificateCheck { get; set; }

    /// <summary>For tls:// endpoints: a private CA the server certificate must chain to (instead of the system's trust store).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? CertificateAuthority { get; set; }

    /// <summary>For tls:// endpoints: the client certificate (with its private key) to present, when HAProxy's bind has
    /// <c>verify required</c>.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; set; }

    /// <summary>"operator" or "user": every connection of the session lowers itself to that level first (HAProxy's
    /// <c>operator</c> / <c>user</c> commands), so a script can hold an admin socket and still be unable to change
    /// what its level forbids. Null: the socket's own level.</summary>
    public string? Level { get; set; }

    /// <summary>A label for the session (in messages and listings); defaults to the endpoint.</summary>
    public string? Name { get; set; }

    /// <summary>The session's number, when the caller numbers its sessions itself (a PowerShell runspace does, from 1);
    /// null: a process-wide counter.</summary>
    public int? Id { get; set; }

    /// <summary>Timers cannot be scheduled much beyond 24 days (CancelAfter's limit on older runtimes), and a wait may
    /// add up to one more day on top of the command timeout.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(24);

    internal void Validate()
    {
        Check(ConnectTimeout, nameof(ConnectTimeout));
        Check(CommandTimeout, nameof(CommandTimeout));
        if (Level != null && Level != "operator" && Level != "user")
        {
            throw new HaproxyArgumentException(nameof(Level), $"Level '{Level}' cannot be asked for: a session can only lower its level, to 'operator' or 'user'.");
        }
        if (RevalidateAfterIdle < TimeSpan.Zero)
        {
            throw new HaproxyArgumentException(nameof(RevalidateAfterIdle), "RevalidateAfterIdle must not be negative.");
        }
    }

    private static void Check(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value > MaxTimeout)
        {
            throw new HaproxyArgumentException(name, $"{name} must be positive and at most {MaxTimeout.TotalDays:0} days; got {value}.");
        }
    }
}
