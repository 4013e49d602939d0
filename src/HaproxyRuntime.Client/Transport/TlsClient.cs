using System;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Transport;

/// <summary>TLS settings of a session (tls:// endpoints only).</summary>
internal sealed class TlsSettings
{
    public TlsSettings(bool skipCertificateCheck, X509Certificate2? certificateAuthority, X509Certificate2? clientCertificate)
    {
        SkipCertificateCheck = skipCertificateCheck;
        CertificateAuthority = certificateAuthority;
        ClientCertificate = clientCertificate;
    }

    public bool SkipCertificateCheck { get; }
    public X509Certificate2? CertificateAuthority { get; }
    public X509Certificate2? ClientCertificate { get; }
}

/// <summary>
/// The TLS handshake for tls:// endpoints, with the server certificate validated by default, and a clear error when the
/// endpoint answers in plaintext.
/// </summary>
/// <remarks>
/// Why the plaintext check matters: HAProxy 3.4.7 accepts <c>stats socket ipv4@... ssl crt ...</c> but serves
/// PLAINTEXT on it (verified). A client that fell back to plaintext there would send admin commands unencrypted. The
/// first bytes the server returns are recorded: a TLS server starts with a record header (content type 0x14-0x17,
/// version 0x03); a HAProxy CLI answers text ("Unknown command..."). The latter is reported as such, never downgraded.
/// </remarks>
internal static class TlsClient
{
    public static async Task<Stream> AuthenticateAsync(Stream network, HaproxyEndpoint endpoint, TlsSettings settings, CancellationToken cancellationToken)
    {
        var recorder = new FirstBytesRecorder(network);
        var ssl = new SslStream(recorder, leaveInnerStreamOpen: false, (sender, certificate, chain, errors) => Validate(certificate, errors, settings));
        var clientCertificates = settings.ClientCertificate is null ? null : new X509CertificateCollection { settings.ClientCertificate };
        try
        {
            using (cancellationToken.Register(() => ssl.Dispose()))
            {
                await ssl.AuthenticateAsClientAsync(endpoint.Host!, clientCertificates, SslProtocols.None, checkCertificateRevocation: false).ConfigureAwait(false);
            }
            return ssl;
        }
        catch (Exception ex) when (ex is AuthenticationException || ex is IOException || ex is ObjectDisposedException)
        {
            ssl.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            if (recorder.LooksLikePlaintext)
            {
                throw new HaproxyConnectionException(
                    $"{endpoint} answered in plaintext, not TLS ('{recorder.FirstText}'): the connection was refused rather than downgraded. " +
                    "HAProxy 3.4.7 serves plaintext on 'stats socket ... ssl crt'; terminate TLS in front of the CLI instead: " +
                    "'listen cli-tls / mode tcp / bind <addr>:<port> ssl crt <pem> / server cli unix@<admin.sock>' (see about_HaproxyRuntime).", ex);
            }
            throw new HaproxyConnectionException($"The TLS handshake with {endpoint} failed: {Describe(ex)}", ex);
        }
    }

    private static string Describe(Exception ex)
    {
        var messages = new System.Collections.Generic.List<string>();
        for (var e = ex; e != null; e = e.InnerException) messages.Add(e.Message);
        return string.Join(" ", messages.Distinct());
    }

    private static bool Validate(X509Certificate? certificate, SslPolicyErrors errors, TlsSettings settings)
    {
        if (settings.SkipCertificateCheck) return true;
        if (errors == SslPolicyErrors.None) return true;
        if (certificate is null || settings.CertificateAuthority is null) return false;
        // A private CA: the chain must end at exactly that CA; only the "untrusted root" error is forgiven.
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
        chain.ChainPolicy.ExtraStore.Add(settings.CertificateAuthority);
        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        if (!chain.Build(leaf)) return false;
        var root = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
        return string.Equals(root.Thumbprint, settings.CertificateAuthority.Thumbprint, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Passes reads and writes through and keeps the first bytes the server sent, to tell TLS from text.</summary>
    private sealed class FirstBytesRecorder : Stream
    {
        private readonly Stream _inner;
        private readonly byte[] _first = new byte[64];
        private int _count;

        public FirstBytesRecorder(Stream inner) => _inner = inner;

        /// <summary>A TLS record starts with content type 0x14-0x17 then major version 3; a CLI answers printable text.</summary>
        public bool LooksLikePlaintext => _count > 0 && !(_first[0] >= 0x14 && _first[0] <= 0x17 && (_count < 2 || _first[1] == 0x03));

        public string FirstText
        {
            get
            {
                var text = System.Text.Encoding.UTF8.GetString(_first, 0, _count);
                int nl = text.IndexOf('\n');
                return (nl >= 0 ? text.Substring(0, nl) : text).Trim();
            }
        }

        private void Record(byte[] buffer, int offset, int read)
        {
            int n = Math.Min(read, _first.Length - _count);
            if (n > 0)
            {
                Buffer.BlockCopy(buffer, offset, _first, _count, n);
                _count += n;
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = _inner.Read(buffer, offset, count);
            Record(buffer, offset, read);
            return read;
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            int read = await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            Record(buffer, offset, read);
            return read;
        }

        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);
        public override void Flush() => _inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
        public override bool CanRead => _inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => _inner.CanWrite;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
