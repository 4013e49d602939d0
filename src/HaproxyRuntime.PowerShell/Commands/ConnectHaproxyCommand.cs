using System;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Transport;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Opens a session to a HAProxy Runtime API socket and makes it the default for this runspace.</summary>
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

    protected override void ProcessRecord()
    {
        foreach (var text in Endpoint)
        {
            try
            {
                var endpoint = ResolveEndpoint(text);
                var registry = SessionRegistry.Current;
                if (Name != null && registry.Named(Name) is { } same)
                {
                    throw new HaproxyArgumentException("Name",
                        $"A session named '{same.Name}' is open (Id {same.Id}): give another -Name, or close it first (Disconnect-Haproxy {same.Id}).");
                }
                var options = new HaproxySessionOptions
                {
                    ConnectTimeout = Timeout,
                    CommandTimeout = Timeout,
                    // Numbered from 1 in each runspace; a second session to one endpoint is named "<endpoint> (2)".
                    Id = registry.NextId,
                    Name = Name ?? registry.UniqueName(endpoint.ToString()),
                    SkipCertificateCheck = SkipCertificateCheck,
                    CertificateAuthority = CertificateAuthority,
                    ClientCertificate = Certificate,
                    Level = Level?.ToLowerInvariant(),
                };
                // Certificates are summarised (subject and thumbprint), never printed.
                string tls = endpoint.Kind == HaproxyEndpointKind.Tls
                    ? $" (TLS; server certificate {(SkipCertificateCheck ? "NOT checked" : CertificateAuthority != null ? "checked against CA " + CertificateAuthority.Subject : "checked against the system trust store")}{(Certificate != null ? $"; client certificate {Certificate.Subject} [{Certificate.Thumbprint}]" : "")})"
                    : string.Empty;
                WriteVerbose($"Connecting to {endpoint}{tls}: prompt i; {(Level is null ? "" : Level.ToLowerInvariant() + "; ")}set severity-output number; show info; show cli level");
                var session = HaproxySession.Connect(endpoint, options, CancelToken);
                if (session.IsMaster)
                {
                    WriteVerbose(session.CanReachWorkers
                        ? $"A master CLI (HAProxy {session.MasterVersion}): commands run on worker {session.ProcessId} through '@@{session.Worker}', after the same handshake there."
                        : $"A master CLI (HAProxy {session.MasterVersion}, before 3.2): only its own commands (Get-HaproxyProcess, Invoke-HaproxyReload) are available; worker commands need the worker's stats socket.");
                }
                registry.Add(session, makeDefault: !NoDefault);
                WriteObject(session);
            }
            catch (OperationCanceledException) when (CancelToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (HaproxyException ex)
            {
                // A failed connect is per endpoint: report it and try the others.
                WriteError(ErrorRecordFactory.From(ex, text, MyInvocation.MyCommand.Name));
            }
        }
    }
}
