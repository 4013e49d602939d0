using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using HaproxyRuntime.Client;

namespace HaproxyRuntime.PowerShell.Completion;

/// <summary>
/// Tab completion of one kind of HAProxy object, read live from the session the command line would use: the -Session
/// already typed, else the runspace's default; none → no completions (never an error, never file names). Reads are
/// cached briefly (<see cref="CompletionCache"/>) and bounded by <see cref="Budget"/> in all, so a slow or stalled
/// HAProxy never holds the prompt longer. The typed word is a prefix, with <c>*</c>/<c>?</c>/<c>[]</c> honoured; names
/// that PowerShell would not read back as the same string are single-quoted, and escaped as wildcards for parameters
/// that take them.
/// </summary>
public abstract class HaproxyCompleter : IArgumentCompleter
{
    /// <summary>The most one Tab waits for HAProxy, over every session it reads.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    /// <summary>Cache key: one entry per kind and session.</summary>
    protected abstract string Kind { get; }

    /// <summary>Reads every candidate of this kind (one request; the token carries the budget).</summary>
    protected abstract IReadOnlyList<CompletionCandidate> Read(HaproxySession session, CancellationToken cancellationToken);

    /// <summary>Keeps the candidates that fit what else is on the line (servers: the typed -Backend).</summary>
    protected virtual IEnumerable<CompletionCandidate> Narrow(IEnumerable<CompletionCandidate> candidates, IDictionary fakeBoundParameters) => candidates;

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                          CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var results = new List<CompletionResult>();
        var clock = Stopwatch.StartNew();
        var candidates = new List<CompletionCandidate>();
        foreach (var session in CompletionSessions.Of(fakeBoundParameters))
        {
            candidates.AddRange(CompletionCache.Get(session, Kind, Budget - clock.Elapsed, Read));
        }
        if (candidates.Count == 0) return results;

        string word = Unquote(wordToComplete);
        Func<string, bool> matches = Matcher(word);
        bool wildcards = CompletionTarget.SupportsWildcards(commandName, parameterName);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in Narrow(candidates, fakeBoundParameters)
                     .Where(c => !c.OnlyWhenTyped || (word.Length > 0 && c.Name.StartsWith(word.Substring(0, 1), StringComparison.Ordinal)))
                     .Where(c => matches(c.Name))
                     .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            if (!seen.Add(candidate.Name)) continue; // the same name through two sessions, or in two backends
            string text = wildcards ? WildcardPattern.Escape(candidate.Name) : candidate.Name;
            results.Add(new CompletionResult(Quote(text), candidate.Name, CompletionResultType.ParameterValue, candidate.ToolTip));
        }
        return results;
    }

    /// <summary>The word without the quotes PowerShell hands over with it ("'ab" arrives as "'ab'").</summary>
    internal static string Unquote(string? word)
    {
        if (string.IsNullOrEmpty(word)) return string.Empty;
        char first = word![0];
        if (IsSingleQuote(first))
        {
            string inner = word.Length > 1 && IsSingleQuote(word[word.Length - 1]) ? word.Substring(1, word.Length - 2) : word.Substring(1);
            return inner.Replace("''", "'");
        }
        if (first == '"')
        {
            return word.Length > 1 && word[word.Length - 1] == '"' ? word.Substring(1, word.Length - 2) : word.Substring(1);
        }
        return word;
    }

    /// <summary>Prefix match, case-insensitive; a word with wildcard characters is a pattern (a trailing * implied),
    /// and a pattern PowerShell cannot parse (an unmatched '[') falls back to a plain prefix.</summary>
    internal static Func<string, bool> Matcher(string word)
    {
        if (word.Length == 0) return _ => true;
        if (WildcardPattern.ContainsWildcardCharacters(word))
        {
            var pattern = new WildcardPattern(word.EndsWith("*", StringComparison.Ordinal) ? word : word + "*", WildcardOptions.IgnoreCase);
            try
            {
                pattern.IsMatch(string.Empty);
                return pattern.IsMatch;
            }
            catch (WildcardPatternException)
            {
                // fall through: the word is taken literally
            }
        }
        return name => name.StartsWith(word, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Single-quotes a name unless PowerShell reads it back, unquoted, as exactly this string: only letters,
    /// digits and <c>_ . / : @ - \</c>, not starting with a digit (0x10, 1e3, 2kb are numbers), '-' (a parameter),
    /// '.', '@' (splatting) or '#' (a comment).</summary>
    internal static string Quote(string text)
    {
        bool plain = text.Length > 0 && (IsAsciiLetter(text[0]) || text[0] == '_' || text[0] == '/');
        for (int i = 1; plain && i < text.Length; i++)
        {
            char c = text[i];
            plain = IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '/' || c == ':' || c == '@' || c == '-' || c == '\\';
        }
        return plain ? text : "'" + string.Concat(text.Select(c => IsSingleQuote(c) ? new string(c, 2) : c.ToString())) + "'";
    }

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    // PowerShell also ends a single-quoted string at the typographic single quotes, and reads each doubled as one.
    private static bool IsSingleQuote(char c) => c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B';
}
