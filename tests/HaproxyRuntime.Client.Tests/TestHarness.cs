using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Transport;
using Xunit;

namespace HaproxyRuntime.Client.Tests;

/// <summary>
/// The client side of the tests that drive a <see cref="HaproxySession"/> against a <see cref="FakeHaproxyServer"/>:
/// session options, a connect and commands bounded in wall-clock time (so a hang fails the test instead of stalling the
/// run), either I/O mode, and timing assertions. Import with <c>using static HaproxyRuntime.Client.Tests.TestHarness;</c>.
/// </summary>
/// <remarks>The bounds exist to catch hangs, not to measure speed: they are generous, and a test that needs more room
/// (a 50 MB answer, a batch of thousands) passes its own.</remarks>
internal static class TestHarness
{
    /// <summary>The default wall-clock bound, in milliseconds, around a connect or a command.</summary>
    public const int DefaultBoundMs = 5000;

    /// <summary>Session options with the given timeouts. The idle re-check is off (one hour) unless
    /// <paramref name="revalidateAfterIdleMs"/> is given: most tests count exactly what the fake receives, and the idle
    /// re-check has its own tests (<see cref="ReloadDetectionTests"/>).</summary>
    public static HaproxySessionOptions Options(int commandMs = 2000, int connectMs = 2000, int? revalidateAfterIdleMs = null) =>
        new HaproxySessionOptions
        {
            CommandTimeout = TimeSpan.FromMilliseconds(commandMs),
            ConnectTimeout = TimeSpan.FromMilliseconds(connectMs),
            RevalidateAfterIdle = revalidateAfterIdleMs is int idleMs ? TimeSpan.FromMilliseconds(idleMs) : TimeSpan.FromHours(1),
        };

    /// <summary>Connects to <paramref name="server"/> (with <see cref="Options"/>' defaults when
    /// <paramref name="options"/> is null), failing if that takes longer than <paramref name="boundMs"/>.</summary>
    public static Task<HaproxySession> ConnectAsync(FakeHaproxyServer server, HaproxySessionOptions? options = null, int boundMs = DefaultBoundMs) =>
        ConnectAsync(server.Endpoint, options, boundMs);

    /// <summary><see cref="ConnectAsync(FakeHaproxyServer, HaproxySessionOptions?, int)"/> for an endpoint no fake
    /// listens on.</summary>
    public static Task<HaproxySession> ConnectAsync(HaproxyEndpoint endpoint, HaproxySessionOptions? options = null, int boundMs = DefaultBoundMs) =>
        HaproxySession.ConnectAsync(endpoint, options ?? Options()).WaitAsync(TimeSpan.FromMilliseconds(boundMs));

    /// <summary>Runs <paramref name="command"/> through the async API, bounded by <paramref name="boundMs"/>.</summary>
    public static Task<T> Run<T>(HaproxySession session, CliRequest<T> command, CancellationToken token = default, int boundMs = DefaultBoundMs) =>
        session.ExecuteAsync(command, token).WaitAsync(TimeSpan.FromMilliseconds(boundMs));

    /// <summary>Runs through the async API, or through <see cref="HaproxySession.Execute{T}"/> — the cmdlets' path,
    /// which blocks in the socket calls on its own thread and bounds them with the socket's own timeouts, not a timer —
    /// so a test covers both I/O modes.</summary>
    public static Task<T> Run<T>(bool synchronous, HaproxySession session, CliRequest<T> command, CancellationToken token = default, int boundMs = DefaultBoundMs) =>
        synchronous
            ? Task.Factory.StartNew(() => session.Execute(command, token), TaskCreationOptions.LongRunning).WaitAsync(TimeSpan.FromMilliseconds(boundMs))
            : Run(session, command, token, boundMs);

    /// <summary>Runs a pipelined batch through <see cref="HaproxySession.ExecuteManyAsync{T}"/>, bounded by
    /// <paramref name="boundMs"/>.</summary>
    public static Task<IReadOnlyList<CliOutcome<T>>> RunMany<T>(HaproxySession session, IReadOnlyList<CliRequest<T>> commands, int boundMs = DefaultBoundMs) =>
        session.ExecuteManyAsync(commands).WaitAsync(TimeSpan.FromMilliseconds(boundMs));

    /// <summary>Awaits <paramref name="action"/> and asserts it took at least <paramref name="minMs"/> and less than
    /// <paramref name="maxMs"/> milliseconds.</summary>
    public static async Task<T> WithinAsync<T>(int minMs, int maxMs, Func<Task<T>> action)
    {
        var watch = Stopwatch.StartNew();
        T result = await action();
        long ms = watch.ElapsedMilliseconds;
        Assert.True(ms >= minMs && ms < maxMs, $"took {ms} ms, expected {minMs}..{maxMs} ms");
        return result;
    }

    /// <summary><see cref="Assert.ThrowsAsync{T}(Func{Task})"/> within <see cref="WithinAsync{T}"/>'s bounds.</summary>
    public static Task<T> ThrowsWithinAsync<T>(int minMs, int maxMs, Func<Task> action) where T : Exception =>
        WithinAsync(minMs, maxMs, () => Assert.ThrowsAsync<T>(action));
}
