using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Transport;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Opens a session to each HAProxy Runtime API socket given (several at once) and makes them the default set
/// for this runspace.</summary>
[Cmdlet(VerbsCommunications.Connect, "Haproxy")]
[OutputType(typeof(HaproxySession))]
public sealed class ConnectHaproxyCommand : HaproxyCmdlet
{
    /// <summary>tcp://host:port, host:port, [v6]:port, unix:///path or a socket path.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Endpoint { get; set; } = Array.Empty<string>();

    /// <summary>Limit for each command's answer (and for connecting). Accepts 2s, 500ms, a TimeSpan or seconds.</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = HaproxySessionOptions.DefaultTimeout;

    /// <summary>A label for Get-HaproxySession (defaults to the endpoint).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>tls:// only: accept any server certificate. An explicit opt-out; validation is on by default.</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>tls:// only: the private CA the server certificate must chain to (a certificate, or a path to one).</summary>
    [Parameter]
    public X509Certificate2? CertificateAuthority { get; set; }

    /// <summary>tls:// only: the client certificate, with its private key, for a bind with 'verify required'.</summary>
    [Parameter]
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Do not make the new session the default one.</summary>
    [Parameter]
    public SwitchParameter NoDefault { get; set; }

    /// <summary>Lower every connection of the session to this level (HAProxy's <c>operator</c> or <c>user</c>): a
    /// script holding an admin socket then cannot change what that level forbids.</summary>
    [Parameter]
    [ValidateSet("operator", "user")]
    public string? Level { get; set; }

    /// <summary>Parses the endpoint; a socket path is resolved the way Get-Content resolves one: against PowerShell's
    /// current location (not the process's), with '~' and provider paths. A bare name without a port ('admin.sock') is
    /// a socket path when such a file exists there.</summary>
    private HaproxyEndpoint ResolveEndpoint(string text)
    {
        string t = text.Trim();
        bool bare = t.Length > 0 && t.IndexOf(':') < 0 && t.IndexOf('@') < 0 && !t.StartsWith("[", StringComparison.Ordinal);
        if (bare && ToFileSystemPath(t) is string file && System.IO.File.Exists(file)) return HaproxyEndpoint.Unix(file);
        var endpoint = HaproxyEndpoint.Parse(t);
        if (endpoint.Kind != HaproxyEndpointKind.Unix || System.IO.Path.IsPathRooted(endpoint.Path!)) return endpoint;
        return HaproxyEndpoint.Unix(ToFileSystemPath(endpoint.Path!) ?? throw new HaproxyArgumentException("Endpoint",
            $"'{text}' is a relative socket path, and the current location ({SessionState.Path.CurrentLocation}) is not in the file system: give an absolute path."));
    }

    private string? ToFileSystemPath(string path)
    {
        try
        {
            string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
            return provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider) ? resolved : null;
        }
        catch (Exception ex) when (ex is ItemNotFoundException || ex is DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>How many endpoints are connected to at once: 32 by default, as for Invoke-Command.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = HaproxySessionCmdlet.DefaultThrottleLimit;

    /// <summary>Whether this invocation already made a session the default: the next ones join that default set, so
    /// 'Connect-Haproxy a, b, c' (or endpoints piped in) makes every node the default.</summary>
    private bool _defaultStarted;

    private sealed class Attempt
    {
        public Attempt(string text, HaproxyEndpoint endpoint, HaproxySessionOptions options)
        {
            Text = text;
            Endpoint = endpoint;
            Options = options;
        }

        public string Text { get; }
        public HaproxyEndpoint Endpoint { get; }
        public HaproxySessionOptions Options { get; }
        public HaproxySession? Session { get; set; }
        public HaproxyException? Failure { get; set; }
    }

    /// <summary>Endpoints piped in, gathered until the input ends so they are connected to at once.</summary>
    private readonly List<Attempt> _attempts = new List<Attempt>();

    /// <summary>Names given to sessions not registered yet (connecting, or gathered from earlier records).</summary>
    private readonly List<string> _reserved = new List<string>();

    protected override void ProcessRecord()
    {
        var registry = SessionRegistry.Current;
        int nextId = registry.NextId + _attempts.Count;
        foreach (var text in Endpoint)
        {
            try
            {
                var endpoint = ResolveEndpoint(text);
                if (Name != null && (registry.Named(Name) is { } same))
                {
                    throw new HaproxyArgumentException("Name",
                        $"A session named '{same.Name}' is open (Id {same.Id}): give another -Name, or close it first (Disconnect-Haproxy {same.Id}).");
                }
                if (Name != null && _reserved.Count > 0)
                {
                    throw new HaproxyArgumentException("Name", $"-Name '{Name}' names one session, and it went to {_attempts[0].Endpoint}: connect several endpoints without -Name (each is named after its endpoint) or one at a time.");
                }
                var options = new HaproxySessionOptions
                {
                    ConnectTimeout = Timeout,
                    CommandTimeout = Timeout,
                    // Numbered from 1 in each runspace, in the order given; a second session to one endpoint is named
                    // "<endpoint> (2)".
                    Id = nextId++,
                    Name = Name ?? registry.UniqueName(endpoint.ToString(), _reserved),
                    SkipCertificateCheck = SkipCertificateCheck,
                    CertificateAuthority = CertificateAuthority,
                    ClientCertificate = Certificate,
                    Level = Level?.ToLowerInvariant(),
                };
                _reserved.Add(options.Name!);
                // Certificates are summarised (subject and thumbprint), never printed.
                string tls = endpoint.Kind == HaproxyEndpointKind.Tls
                    ? $" (TLS; server certificate {(SkipCertificateCheck ? "NOT checked" : CertificateAuthority != null ? "checked against CA " + CertificateAuthority.Subject : "checked against the system trust store")}{(Certificate != null ? $"; client certificate {Certificate.Subject} [{Certificate.Thumbprint}]" : "")})"
                    : string.Empty;
                WriteVerbose($"Connecting to {endpoint}{tls}: prompt i; {(Level is null ? "" : Level.ToLowerInvariant() + "; ")}set severity-output number; show info; show cli level");
                _attempts.Add(new Attempt(text, endpoint, options));
            }
            catch (HaproxyException ex)
            {
                WriteError(ErrorRecordFactory.From(ex, text, MyInvocation.MyCommand.Name));
            }
        }
        // Piped endpoints are connected to together once the input ends; given ones at once.
        if (!MyInvocation.ExpectingInput) ConnectAll();
    }

    protected override void EndProcessing()
    {
        ConnectAll();
    }

    /// <summary>Connects to every gathered endpoint at once; the sessions are then registered and written in the order
    /// given.</summary>
    private void ConnectAll()
    {
        var registry = SessionRegistry.Current;
        var attempts = new List<Attempt>(_attempts);
        _attempts.Clear();
        _reserved.Clear();
        RunInParallel(attempts, ThrottleLimit, attempt =>
        {
            try
            {
                attempt.Session = HaproxySession.Connect(attempt.Endpoint, attempt.Options, CancelToken);
            }
            catch (HaproxyException ex)
            {
                attempt.Failure = ex;
            }
        });
        if (CancelToken.IsCancellationRequested)
        {
            foreach (var attempt in attempts) attempt.Session?.Dispose();
            throw new PipelineStoppedException();
        }
        foreach (var attempt in attempts)
        {
            if (attempt.Session is not { } session)
            {
                // A failed connect is per endpoint: reported, and the others are kept.
                WriteError(ErrorRecordFactory.From(attempt.Failure!, attempt.Text, MyInvocation.MyCommand.Name));
                continue;
            }
            if (session.IsMaster)
            {
                WriteVerbose(session.CanReachWorkers
                    ? $"A master CLI (HAProxy {session.MasterVersion}): commands run on worker {session.ProcessId} through '@@{session.Worker}', after the same handshake there."
                    : $"A master CLI (HAProxy {session.MasterVersion}, before 3.2): only its own commands (Get-HaproxyProcess, Invoke-HaproxyReload) are available; worker commands need the worker's stats socket.");
            }
            registry.Add(session, makeDefault: !NoDefault, joinDefault: _defaultStarted);
            _defaultStarted |= !NoDefault;
            WriteObject(session);
        }
    }
}
