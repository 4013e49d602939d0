using System;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Protocol;

/// <summary>Maps HAProxy's free-text failure messages to <see cref="HaproxyErrorKind"/>.</summary>
/// <remarks>HAProxy has no error codes, only messages (verified on 3.4.7). The patterns are matched on stable
/// fragments rather than whole sentences so small wording changes across versions still classify.</remarks>
public static class HaproxyErrorClassifier
{
    private static readonly (string Fragment, HaproxyErrorKind Kind)[] Patterns =
    {
        // First: "Wait delay expired. Server still has connections attached to it, cannot remove it." also contains
        // the not-removable fragments below, but it is a timeout of the wait itself.
        ("Wait delay expired", HaproxyErrorKind.Timeout),
        ("Permission denied", HaproxyErrorKind.PermissionDenied),
        ("Unknown command", HaproxyErrorKind.InvalidArgument),
        ("No such", HaproxyErrorKind.NotFound),                      // No such backend/server/table.
        ("Can't find", HaproxyErrorKind.NotFound),                   // Can't find backend.
        ("Cannot find", HaproxyErrorKind.NotFound),                  // Cannot find default proxy 'x'.
        ("Unknown map identifier", HaproxyErrorKind.NotFound),
        ("Unknown ACL identifier", HaproxyErrorKind.NotFound),
        ("Key not found", HaproxyErrorKind.NotFound),
        ("not found", HaproxyErrorKind.NotFound),
        ("Already exists", HaproxyErrorKind.AlreadyExists),          // add server duplicate
        ("already used", HaproxyErrorKind.AlreadyExists),            // add backend duplicate: name is already used
        ("already exists", HaproxyErrorKind.AlreadyExists),
        ("duplicate entry", HaproxyErrorKind.AlreadyExists),         // add backend ... guid <g>: GUID insertion : duplicate entry
        ("Only servers in maintenance mode can be deleted", HaproxyErrorKind.NotRemovable),
        ("must be unpublished", HaproxyErrorKind.NotRemovable),
        ("Only a backend without server", HaproxyErrorKind.NotRemovable),
        ("Cannot remove", HaproxyErrorKind.NotRemovable),
        ("still has connections", HaproxyErrorKind.NotRemovable),
        ("cannot remove", HaproxyErrorKind.NotRemovable),
        ("cannot be deleted", HaproxyErrorKind.NotRemovable),
        ("cannot be removed", HaproxyErrorKind.NotRemovable),         // a configured proxy others point to
        ("not configured", HaproxyErrorKind.InvalidOperation),       // Health check was not configured on this server
        ("not enabled", HaproxyErrorKind.InvalidOperation),          // health/agent checks are not enabled on this server
        ("not supported", HaproxyErrorKind.InvalidOperation),        // 'set server <srv> ssl' not supported on dynamic servers
        ("no resolution is configured", HaproxyErrorKind.InvalidOperation),
        ("Usage", HaproxyErrorKind.InvalidArgument),
        ("usage", HaproxyErrorKind.InvalidArgument),
        ("expects", HaproxyErrorKind.InvalidArgument),
        ("Expects", HaproxyErrorKind.InvalidArgument),
        ("Require", HaproxyErrorKind.InvalidArgument),
        ("require", HaproxyErrorKind.InvalidArgument),
        ("Missing", HaproxyErrorKind.InvalidArgument),
        ("missing", HaproxyErrorKind.InvalidArgument),
        ("Invalid", HaproxyErrorKind.InvalidArgument),
        ("invalid", HaproxyErrorKind.InvalidArgument),
        ("unknown keyword", HaproxyErrorKind.InvalidArgument),
        ("unexpected", HaproxyErrorKind.InvalidArgument),
        ("too big", HaproxyErrorKind.InvalidArgument),
        ("can only be", HaproxyErrorKind.InvalidArgument),           // Absolute weight can only be between 0 and 256
        ("out of range", HaproxyErrorKind.InvalidArgument),
        ("is not a valid", HaproxyErrorKind.InvalidArgument),        // 'x' is not a valid IPv4 or IPv6 address.          // Value out of range. (maxconn above Hard_maxconn)
        ("static LB algorithm", HaproxyErrorKind.InvalidOperation),  // weight change on balance static-rr
        ("cannot be set", HaproxyErrorKind.InvalidOperation),        // ssl cannot be set (default-server ...)
        ("cannot enable", HaproxyErrorKind.InvalidOperation),        // Frontend was previously shut down, cannot enable.
        ("Too many arguments", HaproxyErrorKind.InvalidArgument),
        // add server with an address HAProxy would have to resolve at run time, but no resolvers section to do it with
        // (found by the fuzz run: until then these were unclassified).
        ("Can't create DNS resolution", HaproxyErrorKind.InvalidOperation),
        ("not permitted", HaproxyErrorKind.InvalidArgument),         // port range not permitted here in '...'
    };

    public static HaproxyErrorKind Classify(string message)
    {
        foreach (var (fragment, kind) in Patterns)
        {
            if (message.IndexOf(fragment, StringComparison.Ordinal) >= 0) return kind;
        }
        return HaproxyErrorKind.Unknown;
    }

    /// <summary>Builds the exception for a failure answer, its kind classified by the fragments above. The message
    /// quotes the command the caller asked for and HAProxy's answer; <see cref="HaproxyException.CommandLine"/> keeps
    /// the whole line sent (with any connection set-up around the command).</summary>
    public static HaproxyCommandException ToException(CliReply reply, CliRequest request)
    {
        var kind = Classify(reply.Text.Trim());
        if (kind == HaproxyErrorKind.Unknown && !reply.IsError) kind = HaproxyErrorKind.UnexpectedResponse;
        return ToException(reply, request, kind);
    }

    /// <summary>Builds the exception for an answer whose kind is already known (from an answer table).</summary>
    public static HaproxyCommandException ToException(CliReply reply, CliRequest request, HaproxyErrorKind kind)
    {
        string text = reply.Text.Trim();
        string message = kind == HaproxyErrorKind.UnexpectedResponse
            ? $"HAProxy gave an unexpected answer to '{request.ShownText}': {OneLine(text)}"
            : $"HAProxy refused '{request.ShownText}': {OneLine(text)}";
        return new HaproxyCommandException(message, kind, request.ShownLine, reply.Raw);
    }

    /// <summary>Builds the exception for an answer an answer-table rule classified. A rule that says what is missing
    /// words the refusal the same for every command that meets it — "Backend 'x' does not exist", as Get-HaproxyBackend
    /// says it — HAProxy's own answer following; the name is the request's target ("backend" or "backend/server").</summary>
    public static HaproxyCommandException ToException(CliReply reply, CliRequest request, Answers.AnswerRule rule)
    {
        if (rule.Missing is not HaproxyObjectKind missing) return ToException(reply, request, rule.Refusal!.Value);
        string target = request.Target;
        int slash = target.IndexOf('/');
        string backend = slash < 0 ? target : target.Substring(0, slash);
        string refused = $"(HAProxy refused '{request.ShownText}': {OneLine(reply.Text.Trim())})";
        return missing switch
        {
            HaproxyObjectKind.Server when slash >= 0 => new HaproxyCommandException(
                $"Server '{target.Substring(slash + 1)}' does not exist in backend {backend} {refused}", request.ShownLine, reply.Raw, missing, target.Substring(slash + 1), backend),
            HaproxyObjectKind.Backend or HaproxyObjectKind.Proxy => new HaproxyCommandException(
                $"{(missing == HaproxyObjectKind.Backend ? "Backend" : "Proxy")} '{backend}' does not exist {refused}", request.ShownLine, reply.Raw, missing, backend),
            _ => new HaproxyCommandException($"{missing} '{target}' does not exist {refused}", request.ShownLine, reply.Raw, missing, target),
        };
    }

    /// <summary>HAProxy's answer as one line for a message (severity prefix removed, long answers cut).</summary>
    public static string Quote(string response) =>
        OneLine(CliReply.HasSeverityPrefix(response) ? response.Substring(5).Trim() : response.Trim());

    private static string OneLine(string text)
    {
        if (text.Length == 0) return "(empty answer)";
        text = text.Replace("\n", " ");
        return text.Length > 400 ? text.Substring(0, 400) + "…" : text;
    }
}
