using System;
using System.Collections.Generic;
using System.Globalization;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.Client.Parsing;

/// <summary>Parses <c>show servers state</c>: a format version line, a "# col col ..." header, then one
/// space-separated row per server.</summary>
/// <remarks>Columns are found by their header names, not positions, so versions that add columns still parse.
/// Server and backend names cannot contain spaces, and "-" stands for an empty value.</remarks>
public static class ServersStateParser
{
    public static List<HaproxyServer> Parse(IReadOnlyList<string> lines)
    {
        var servers = new List<HaproxyServer>();
        Dictionary<string, int>? columns = null;
        foreach (var line in lines)
        {
            if (line.Length == 0) continue;
            if (line[0] == '#')
            {
                columns = ParseHeader(line);
                continue;
            }
            if (columns is null) continue; // the format version line ("1") precedes the header
            var f = line.Split(' ');
            string Col(string name) => columns.TryGetValue(name, out int i) && i < f.Length ? f[i] : "-";
            var server = new HaproxyServer(Col("be_name"), Col("srv_name"))
            {
                BackendId = Int(Col("be_id")) ?? 0,
                Id = Int(Col("srv_id")) ?? 0,
                Address = Text(Col("srv_addr")),
                Port = Int(Col("srv_port")) is int p && p > 0 ? p : null,
                Fqdn = Text(Col("srv_fqdn")),
                OperationalState = (HaproxyServerOperationalState)(Int(Col("srv_op_state")) ?? 0),
                AdminFlags = (HaproxyServerAdminFlags)(Int(Col("srv_admin_state")) ?? 0),
                Weight = Int(Col("srv_uweight")) ?? 0,
                InitialWeight = Int(Col("srv_iweight")) ?? 0,
                SinceLastChange = TimeSpan.FromSeconds(Int(Col("srv_time_since_last_change")) ?? 0),
                CheckState = Int(Col("srv_check_state")) ?? 0,
                CheckPort = Int(Col("srv_check_port")) is int cp && cp > 0 ? cp : null,
                CheckAddress = Text(Col("srv_check_addr")),
                UseSsl = Col("srv_use_ssl") == "1",
            };
            servers.Add(server);
        }
        if (columns is null && lines.Count > 0)
        {
            throw new HaproxyProtocolException("'show servers state' answered without its header line: " + string.Join(" ", lines));
        }
        return servers;
    }

    private static Dictionary<string, int> ParseHeader(string line)
    {
        var names = line.Substring(1).Trim().Split(' ');
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++) map[names[i]] = i;
        return map;
    }

    private static int? Int(string s) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;

    private static string? Text(string s) => s == "-" || s.Length == 0 ? null : s;
}
