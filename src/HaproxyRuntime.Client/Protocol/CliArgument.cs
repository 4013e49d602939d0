using System;
using System.Text;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Protocol;

/// <summary>
/// Turns user-supplied values into CLI words that HAProxy reads back as exactly that value and nothing more.
/// </summary>
/// <remarks>
/// HAProxy's CLI parser (src/cli.c) ends a command at an unescaped ';' or LF, treats NUL as a separator, splits
/// words on space and tab, unescapes '\x' to 'x', and switches to payload mode when the last word starts with '&lt;&lt;'.
/// It has no quoting. So: CR, LF and NUL can never be expressed (a backslash-LF would put a raw LF into the value,
/// which later breaks the blank-line framing of every dump that prints it) and are refused; '\', ';', space, tab and
/// '&lt;' are backslash-escaped; an empty word cannot be expressed (HAProxy sees a missing argument) and is refused.
/// </remarks>
public static class CliArgument
{
    /// <summary>What separates words in a CLI command: a space or a tab (HAProxy's own tokenizer).</summary>
    internal static readonly char[] WordSeparators = { ' ', '\t' };

    /// <summary>HAProxy rejects a line longer than tune.bufsize (16384 by default) and closes the connection.
    /// We refuse any single value above this bound before it reaches the socket.</summary>
    public const int MaxWordLength = 8192;

    /// <summary>Escapes a free-form value (map key or value, map name, defaults name...).</summary>
    public static string Escape(string? value, string parameterName)
    {
        CheckSendable(value, parameterName);
        var v = value!;
        StringBuilder? sb = null;
        for (int i = 0; i < v.Length; i++)
        {
            char c = v[i];
            bool special = c == '\\' || c == ';' || c == ' ' || c == '\t' || c == '<';
            if (special)
            {
                sb ??= new StringBuilder(v.Length + 8).Append(v, 0, i);
                sb.Append('\\');
            }
            sb?.Append(c);
        }
        return sb?.ToString() ?? v;
    }

    /// <summary>
    /// Validates a proxy (backend/frontend) or server name. HAProxy only accepts letters, digits, '-', '_', '.' and
    /// ':' in these names, so anything else cannot name an existing object and is refused before it is sent.
    /// </summary>
    public static string Name(string? value, string parameterName)
    {
        CheckSendable(value, parameterName);
        foreach (char c in value!)
        {
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == ':';
            if (!ok)
            {
                throw new HaproxyArgumentException(parameterName,
                    $"{parameterName} '{Printable(value!)}' contains '{Printable(c.ToString())}'. HAProxy names may only contain letters, digits, '-', '_', '.' and ':'.");
            }
        }
        return value!;
    }

    /// <summary>A token that must be a single plain word (server keyword, address): no character needs escaping
    /// and none is allowed that would need it, because HAProxy's keyword parsers do not expect escaped input.</summary>
    public static string Word(string? value, string parameterName)
    {
        CheckSendable(value, parameterName);
        foreach (char c in value!)
        {
            if (c == '\\' || c == ';' || c == ' ' || c == '\t' || c == '<' || char.IsControl(c))
            {
                throw new HaproxyArgumentException(parameterName,
                    $"{parameterName} '{Printable(value!)}' contains '{Printable(c.ToString())}', which is not allowed in a single HAProxy keyword or address.");
            }
        }
        return value!;
    }

    /// <summary>Refuses what no escaping can carry: null/empty, CR, LF, NUL, or a value too long for HAProxy's buffer.</summary>
    public static void CheckSendable(string? value, string parameterName)
    {
        if (value is null || value.Length == 0)
        {
            throw new HaproxyArgumentException(parameterName,
                $"{parameterName} must not be empty: HAProxy's CLI cannot express an empty argument.");
        }
        if (value.Length > MaxWordLength)
        {
            throw new HaproxyArgumentException(parameterName,
                $"{parameterName} is {value.Length} characters long; at most {MaxWordLength} fit in one HAProxy command.");
        }
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '\n' || c == '\r' || c == '\0')
            {
                throw new HaproxyArgumentException(parameterName,
                    $"{parameterName} contains {Describe(c)} at position {i}. HAProxy's CLI cannot carry it inside an argument (it would end the command), so nothing was sent.");
            }
            if (char.IsSurrogate(c))
            {
                // A lone half of a surrogate pair (e.g. an emoji cut in two) has no UTF-8 form: it would be sent as
                // U+FFFD, silently changing the value.
                bool paired = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
                if (!paired)
                {
                    throw new HaproxyArgumentException(parameterName,
                        $"{parameterName} contains an unpaired UTF-16 surrogate at position {i} (a character cut in half); it cannot be sent as it is, so nothing was sent.");
                }
                i++;
            }
        }
    }

    /// <summary>
    /// A map or ACL name: a file name, <c>virt@name</c>, or <c>#id</c>. HAProxy reads anything starting with '#' as an
    /// id (a bare '#' as id 0), so a '#' name must be '#' followed by decimal digits only; anything else starting with
    /// '#' would silently address another list and is refused.
    /// </summary>
    public static string PatternSetName(string? value, string parameterName)
    {
        string escaped = Escape(value, parameterName);
        if (value![0] == '#')
        {
            bool digits = value.Length > 1;
            for (int i = 1; i < value.Length; i++) digits &= value[i] >= '0' && value[i] <= '9';
            if (!digits)
            {
                throw new HaproxyArgumentException(parameterName,
                    $"{parameterName} '{Printable(value)}' starts with '#', which HAProxy reads as a numeric id; use '#<digits>' (the id 'show map' / 'show acl' lists) or the file name.");
            }
        }
        return escaped;
    }

    internal static string Describe(char c) => c switch
    {
        '\n' => "a line feed (LF)",
        '\r' => "a carriage return (CR)",
        '\0' => "a NUL character",
        _ => $"'{c}'",
    };

    /// <summary>A value made safe for an error message: control characters shown as escapes, long values cut.</summary>
    public static string Printable(string value)
    {
        var sb = new StringBuilder();
        foreach (char c in value)
        {
            if (sb.Length > 80) { sb.Append('…'); break; }
            switch (c)
            {
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\0': sb.Append("\\0"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}
