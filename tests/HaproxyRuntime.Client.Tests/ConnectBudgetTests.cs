using System;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Transport;
using Xunit;

namespace HaproxyRuntime.Client.Tests;

/// <summary>
/// ConnectTimeout is one budget for opening a session — TCP connect, TLS handshake and the CLI handshake together —
/// not a fresh allowance per step, which let a slow TLS peer followed by a silent CLI take twice as long.
/// </summary>
public sealed class ConnectBudgetTests : IDisposable
{
    private const int BudgetMs = 4000;
    private const int TlsDelayMs = 1500;   // part of the budget goes to a slow TLS handshake (its first run costs ~1 s more)...
    private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new CancellationTokenSource();
    private readonly Stopwatch _sinceConnect = new Stopwatch();
    private long _tlsDoneMs = -1;

    public ConnectBudgetTests() => _listener.Start();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Re-imported so the private key is usable by SslStream on every platform (an ephemeral key may not be).
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    /// <summary>Accepts one client, completes TLS late, then reads the CLI handshake and never answers it.</summary>
    private async Task ServeSlowTlsThenSilence(X509Certificate2 certificate)
    {
        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
        await Task.Delay(TlsDelayMs, _stop.Token);
        using var ssl = new SslStream(client.GetStream());
        await ssl.AuthenticateAsServerAsync(certificate);
        Interlocked.Exchange(ref _tlsDoneMs, _sinceConnect.ElapsedMilliseconds);
        var buffer = new byte[4096];
        while (await ssl.ReadAsync(buffer, _stop.Token) > 0) { } // ...and the CLI handshake gets no answer at all
    }

    [Fact]
    public async Task SlowTlsThenSilentCli_TimesOutWithinOneConnectTimeout_NotOnePerStep()
    {
        using var certificate = SelfSigned();
        int port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        var serving = ServeSlowTlsThenSilence(certificate);
        var options = new HaproxySessionOptions
        {
            ConnectTimeout = TimeSpan.FromMilliseconds(BudgetMs),
            CommandTimeout = TimeSpan.FromSeconds(30),
            SkipCertificateCheck = true,
        };

        _sinceConnect.Start();
        var ex = await Assert.ThrowsAsync<HaproxyTimeoutException>(() =>
            HaproxySession.ConnectAsync(HaproxyEndpoint.Parse($"tls://127.0.0.1:{port}"), options).WaitAsync(TimeSpan.FromSeconds(20)));
        long ms = _sinceConnect.ElapsedMilliseconds;
        long tlsDone = Interlocked.Read(ref _tlsDoneMs);

        Assert.Contains("did not answer the handshake", ex.Message); // the TLS step itself succeeded
        // Per-step budgets would end a whole ConnectTimeout after TLS completed; one budget ends ConnectTimeout after
        // the start. The upper bound leaves ~1.5 s for a loaded machine and still tells the two apart.
        Assert.True(tlsDone > 0 && tlsDone < BudgetMs, $"TLS completed at {tlsDone} ms");
        Assert.True(ms >= BudgetMs - 50 && ms < tlsDone + BudgetMs - 500, $"took {ms} ms, budget {BudgetMs} ms, TLS done at {tlsDone} ms");
        _stop.Cancel();
        try { await serving; } catch (Exception e) when (e is OperationCanceledException || e is System.IO.IOException) { } // the client hung up
    }
}
