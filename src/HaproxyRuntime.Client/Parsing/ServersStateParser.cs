using System;
using System.Collections.Generic;
using System.Globalization;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.Client.Parsing;

/// <summary>Parses <c>show servers state</c>: a format version line, a "# col col ..." header, then one
/// space-separated row per server.</summary>
/// <remarks>Columns are found by their header names, not positions, so versions that add columns still parse.
/// Server and backend names cannot contain spaces, and "-" stands for an empty value. The parser takes one line at a
/// time, so it also reads the answer while it arrives (see <see cref="IReplyLineParser{T}"/>).</remarks>
public sealed class ServersStateParser : IReplyLineParser<List<HaproxyServer>>
{
    private readonly List<HaproxyServer> _servers = new List<HaproxyServer>();
    private readonly List<string> _unexpected = new List<string>();
    private Columns? _columns;
    private string[] _fields = new string[32];

    public static List<HaproxyServer> Parse(IReadOnlyList<string> lines)
    {
        var parser = new ServersStateParser();
        foreach (var line in lines) parser.Add(line);
        return parser.Complete();
    }

    public void Add(string line)
    {
        if (line.Length == 0) return;
        if (line[0] == '#')
        {
            _columns = new Columns(line);
            return;
        }
        if (_columns is null)
        {
            // The format version line ("1") precedes the header; anything else there is kept for the error.
            if (_unexpected.Count < 5) _unexpected.Add(line);
            return;
        }
        int count = SplitSpaces(line);
        var c = _columns;
        string Col(int i) => i >= 0 && i < count ? _fields[i] : "-";
        _servers.Add(new HaproxyServer(Col(c.BackendName), Col(c.ServerName))
        {
            BackendId = Int(Col(c.BackendId)) ?? 0,
            Id = Int(Col(c.ServerId)) ?? 0,
            Address = Text(Col(c.Address)),
            Port = Int(Col(c.Port)) is int p && p > 0 ? p : null,
            Fqdn = Text(Col(c.Fqdn)),
            OperationalState = (HaproxyServerOperationalState)(Int(Col(c.OperationalState)) ?? 0),
            AdminFlags = (HaproxyServerAdminFlags)(Int(Col(c.AdminState)) ?? 0),
            Weight = Int(Col(c.Weight)) ?? 0,
            InitialWeight = Int(Col(c.InitialWeight)) ?? 0,
            SinceLastChange = TimeSpan.FromSeconds(Int(Col(c.SinceLastChange)) ?? 0),
            CheckState = Int(Col(c.CheckState)) ?? 0,
            CheckPort = Int(Col(c.CheckPort)) is int cp && cp > 0 ? cp : null,
            CheckAddress = Text(Col(c.CheckAddress)),
            Ssl = SslSetting(Int(Col(c.UseSsl))),
        });
    }

    public List<HaproxyServer> Complete()
    {
        if (_columns is null && _unexpected.Count > 0)
        {
            throw new HaproxyProtocolException("'show servers state' answered without its header line: " + string.Join(" ", _unexpected));
        }
        return _servers;
    }

    /// <summary>Splits on single spaces into the reused field buffer; returns the field count.</summary>
    private int SplitSpaces(string line)
    {
        int count = 0, start = 0;
        while (true)
        {
            int space = line.IndexOf(' ', start);
            int end = space < 0 ? line.Length : space;
            if (count == _fields.Length) Array.Resize(ref _fields, count * 2);
            _fields[count++] = line.Substring(start, end - start);
            if (space < 0) return count;
            start = space + 1;
        }
    }

    /// <summary>The header's column positions, resolved once instead of a name lookup per field per row.</summary>
    private sealed class Columns
    {
        public Columns(string header)
        {
            var names = header.Substring(1).Trim().Split(' ');
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < names.Length; i++) index[names[i]] = i;
            int Of(string name) => index.TryGetValue(name, out int i) ? i : -1;
            BackendId = Of("be_id"); BackendName = Of("be_name"); ServerId = Of("srv_id"); ServerName = Of("srv_name");
            Address = Of("srv_addr"); OperationalState = Of("srv_op_state"); AdminState = Of("srv_admin_state");
            Weight = Of("srv_uweight"); InitialWeight = Of("srv_iweight"); SinceLastChange = Of("srv_time_since_last_change");
            CheckState = Of("srv_check_state"); Fqdn = Of("srv_fqdn"); Port = Of("srv_port"); CheckPort = Of("srv_check_port");
            CheckAddress = Of("srv_check_addr"); UseSsl = Of("srv_use_ssl");
        }

        public readonly int BackendId, BackendName, ServerId, ServerName, Address, OperationalState, AdminState, Weight,
            InitialWeight, SinceLastChange, CheckState, Fqdn, Port, CheckPort, CheckAddress, UseSsl;
    }

    /// <summary>srv_use_ssl: -1 no-ssl, 0 off, 1 on (anything else, or a missing column, reads as off).</summary>
    private static HaproxyServerSsl SslSetting(int? value) =>
        value < 0 ? HaproxyServerSsl.NoSsl : value == 1 ? HaproxyServerSsl.On : HaproxyServerSsl.Off;

    private static int? Int(string s) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;

    private static string? Text(string s) => s == "-" || s.Length == 0 ? null : s;
}
