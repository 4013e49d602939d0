using System;
using System.Globalization;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Protocol;

/// <summary>Reads durations the way HAProxy writes them ("2s", "500ms", "1m", "1h", "1d", "100us"; a bare number
/// means seconds here, which is what PowerShell users expect of -Timeout 5) and formats them for the CLI.</summary>
public static class HaproxyDuration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        string t = text!.Trim();
        int i = 0;
        while (i < t.Length && (char.IsDigit(t[i]) || t[i] == '.')) i++;
        if (i == 0) return TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
        if (!double.TryParse(t.Substring(0, i), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n)) return false;
        double ms;
        switch (t.Substring(i).Trim().ToLowerInvariant())
        {
            case "us": ms = n / 1000; break;
            case "ms": ms = n; break;
            case "":
            case "s": ms = n * 1000; break;
            case "m": ms = n * 60_000; break;
            case "h": ms = n * 3_600_000; break;
            case "d": ms = n * 86_400_000; break;
            default:
                return TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
        }
        if (ms > TimeSpan.MaxValue.TotalMilliseconds / 2) return false;
        value = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    public static TimeSpan Parse(string text, string parameterName)
    {
        if (TryParse(text, out var v)) return v;
        throw new HaproxyArgumentException(parameterName,
            $"{parameterName} '{CliArgument.Printable(text ?? "")}' is not a duration. Use a TimeSpan or HAProxy's form: 500ms, 2s, 1m, 1h.");
    }

    /// <summary>Whole milliseconds with the unit, the CLI's unambiguous form (its default unit is ms).</summary>
    public static string ToCli(TimeSpan value) =>
        ((long)Math.Ceiling(value.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";
}
