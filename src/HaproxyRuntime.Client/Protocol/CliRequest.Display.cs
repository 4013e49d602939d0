using System.Linq;

namespace HaproxyRuntime.Client.Protocol;

/// <summary>How a request is shown to people: -WhatIf, -Verbose and error messages. It is the request itself, except
/// for a request that carries a secret (a dynamic-cookie key), which is shown with the secret masked, and a payload,
/// shown by its size.</summary>
public abstract partial class CliRequest
{
    /// <summary>What stands for a masked secret.</summary>
    public const string Mask = "****";

    private string? _shownText;

    /// <summary><see cref="Text"/> as shown to people: the same, or with its secret replaced by <see cref="Mask"/>.</summary>
    public string DisplayText => _shownText ?? Text;

    /// <summary><see cref="Line"/> as shown to people (see <see cref="DisplayText"/>), then a payload's size, never its
    /// data (a private key must not reach a log).</summary>
    public string DisplayLine
    {
        get
        {
            string line = _shownText is null ? Line
                : Prelude.Count == 0 && Postlude.Count == 0 ? _shownText : string.Join(";", Prelude.Concat(new[] { _shownText }).Concat(Postlude));
            return Payload is null ? line : line + " " + Payload.Describe();
        }
    }

    /// <summary>Marks the request as carrying a secret: <paramref name="shownText"/> is its text with the secret masked.</summary>
    internal void ShowAs(string shownText) => _shownText = shownText;

    /// <summary>Marks <paramref name="secret"/>, a word of the text (a TLS ticket key), as the secret to mask.</summary>
    internal CliRequest Hiding(string secret)
    {
        ShowAs(Text.Replace(secret, Mask));
        return this;
    }
}
