using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.Client.Parsing;

/// <summary>The master CLI's own answers: <c>show proc</c> and the verdict of <c>reload</c>.</summary>
internal static class MasterParsers
{
    // mworker.c cli_io_handler_show_proc: "%-15u %-15s %-15s %-15s %-15s" — pid, type (or program name), reloads ("N"
    // or, for the master, "N [failed: M]"), uptime ("0d00h02m07s"), version; 'show proc debug' appends IPC descriptors.
    private static readonly Regex Row = new Regex(
        @"^(?<pid>\d+)\s+(?<type>\S+)\s+(?<reloads>\d+)(?:\s+\[failed:\s*(?<failed>\d+)\])?\s+(?<uptime>\S+)\s+(?<version>\S+)",
        RegexOptions.CultureInvariant);

    private static readonly Regex UptimePattern = new Regex(@"^(\d+)d(\d+)h(\d+)m(\d+)s$", RegexOptions.CultureInvariant);

    public static List<HaproxyProcess> Processes(IReadOnlyList<string> lines)
    {
        var result = new List<HaproxyProcess>();
        string section = "master";
        int relative = 0;
        foreach (var raw in lines)
        {
            string line = raw.TrimEnd();
            if (line.Length == 0 || line.StartsWith("#<PID>", StringComparison.Ordinal)) continue;
            if (line.StartsWith("#", StringComparison.Ordinal))
            {
                section = line.TrimStart('#', ' ');
                continue;
            }
            var m = Row.Match(line);
            if (!m.Success) throw new FormatException($"Unexpected line in 'show proc': '{line}'.");
            int pid = int.Parse(m.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            int reloads = int.Parse(m.Groups["reloads"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            int? failed = m.Groups["failed"].Success ? int.Parse(m.Groups["failed"].Value, NumberStyles.None, CultureInfo.InvariantCulture) : null;
            string type = m.Groups["type"].Value;
            string? version = m.Groups["version"].Value == "-" ? null : m.Groups["version"].Value;
            var uptime = Uptime(m.Groups["uptime"].Value);
            switch (section)
            {
                case "master":
                    result.Add(new HaproxyProcess(pid, HaproxyProcessType.Master, true, null, null, reloads, failed, uptime, version));
                    break;
                case "workers":
                    result.Add(new HaproxyProcess(pid, HaproxyProcessType.Worker, true, ++relative, null, reloads, null, uptime, version));
                    break;
                case "old workers":
                    result.Add(new HaproxyProcess(pid, HaproxyProcessType.Worker, false, null, null, reloads, null, uptime, version));
                    break;
                case "programs":
                case "old programs":
                    result.Add(new HaproxyProcess(pid, HaproxyProcessType.Program, section == "programs", null, type, reloads, null, uptime, null));
                    break;
                default:
                    throw new FormatException($"Unexpected section '{section}' in 'show proc'.");
            }
        }
        if (result.Count == 0 || result[0].Type != HaproxyProcessType.Master) throw new FormatException("'show proc' did not list the master process.");
        return result;
    }

    private static TimeSpan? Uptime(string text)
    {
        var m = UptimePattern.Match(text);
        if (!m.Success) return null;
        int P(int i) => int.Parse(m.Groups[i].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        return new TimeSpan(P(1), P(2), P(3), P(4));
    }

    /// <summary>mworker.c cli_io_handler_show_loadstatus (and cli_parse_reload when a reload is already running):
    /// "Success=0|1", then "--" and the startup log when there is one.</summary>
    public static HaproxyReloadResult? Reload(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0) return null;
        bool success;
        if (lines[0] == "Success=1") success = true;
        else if (lines[0] == "Success=0") success = false;
        else return null;
        int start = lines.Count > 1 && lines[1] == "--" ? 2 : 1;
        var log = new List<string>();
        for (int i = start; i < lines.Count; i++) log.Add(lines[i]);
        return new HaproxyReloadResult(success, ObserveParsers.StartupLog(log));
    }
}
