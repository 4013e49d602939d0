using System.Collections.Generic;

namespace HaproxyRuntime.Client.Protocol;

/// <summary>One framed answer to one CLI command: its lines without the terminating blank line.</summary>
/// <remarks>With <c>set severity-output number</c> HAProxy prefixes the first line of a <em>message</em> (not of a
/// data dump) with "[N]: " where N is a syslog severity (3 = error, 6 = info). The prefix is split off here so parsers
/// see clean data, and kept in <see cref="Severity"/> so the interpretation can tell failures from successes.</remarks>
public sealed class CliReply
{
    public static readonly CliReply Empty = new CliReply(null, new List<string>(0));

    /// <summary>Stands for a data answer whose lines went to a streaming parser as they arrived (see
    /// <see cref="CliRequest{T}.CreateLineParser"/>); it holds no lines itself.</summary>
    public static readonly CliReply Streamed = new CliReply(null, new List<string>(0));

    /// <summary>True for this answer when it was streamed rather than buffered.</summary>
    public bool IsStreamed => ReferenceEquals(this, Streamed);

    public CliReply(int? severity, IReadOnlyList<string> lines)
    {
        Severity = severity;
        Lines = lines;
    }

    /// <summary>Syslog severity of the message (0 emerg .. 7 debug), or null when the answer had no prefix.</summary>
    public int? Severity { get; }

    /// <summary>The answer's lines, severity prefix removed.</summary>
    public IReadOnlyList<string> Lines { get; }

    public bool IsEmpty => Lines.Count == 0 && !IsStreamed;

    /// <summary>Severity 0..3 (emerg, alert, crit, err): HAProxy reports a failure.</summary>
    public bool IsError => Severity is int s && s <= 3;

    public string FirstLine => Lines.Count == 0 ? string.Empty : Lines[0];

    /// <summary>The answer as HAProxy wrote it (prefix included), for error messages and logs.</summary>
    public string Raw => (Severity is int s ? $"[{s}]: " : string.Empty) + Text;

    public string Text => string.Join("\n", Lines);

    /// <summary>Splits an optional "[N]: " prefix off the first line.</summary>
    internal static CliReply FromLines(List<string> lines)
    {
        if (lines.Count == 0) return Empty;
        string first = lines[0];
        if (HasSeverityPrefix(first))
        {
            lines[0] = first.Substring(5);
            return new CliReply(first[1] - '0', lines);
        }
        return new CliReply(null, lines);
    }

    /// <summary>"[N]: " with N a single digit 0-7 is the only shape HAProxy emits (cli.c, cli_severity_output), and
    /// only on the first line of a message, never on a data dump.</summary>
    internal static bool HasSeverityPrefix(string first) =>
        first.Length >= 5 && first[0] == '[' && first[1] >= '0' && first[1] <= '7' && first[2] == ']' && first[3] == ':' && first[4] == ' ';
}
