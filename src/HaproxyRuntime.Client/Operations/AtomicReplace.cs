using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.Client.Operations;

/// <summary>
/// Replaces a map's or an ACL's whole content atomically: <c>prepare</c> a new version, fill it (pipelined), then
/// <c>commit</c> it, so traffic sees the old table or the new one, never a mix. If filling fails, the prepared
/// version is never committed and a clear of it is attempted: the live content is untouched. (3.4.7 ignores
/// <c>clear @ver</c> while the live version has entries; the leftover is invisible to traffic and purged by the next
/// prepare or commit.)
/// </summary>
public static class AtomicReplace
{
    /// <summary>What a replacement did: the committed version and how many entries it holds.</summary>
    public sealed class Result
    {
        internal Result(string name, int version, int entryCount)
        {
            Name = name;
            Version = version;
            EntryCount = entryCount;
        }

        public string Name { get; }
        public int Version { get; }
        public int EntryCount { get; }
    }

    /// <summary>Replaces a map's content atomically. <c>sending</c>, when given, is called with each command before it is
    /// handed to the session (on the caller's thread in the synchronous form): it lets a caller show every CLI line sent,
    /// e.g. PowerShell's -Verbose.</summary>
    public static Task<Result> ReplaceMapAsync(HaproxySession session, string map, IReadOnlyList<KeyValuePair<string, string>> entries, CancellationToken cancellationToken = default,
                                               Action<CliRequest>? sending = null) =>
        ReplaceMap(session, map, entries, false, sending, cancellationToken);

    /// <summary>Synchronous form (blocking socket calls, see <see cref="HaproxySession.Execute{T}"/>).</summary>
    public static Result ReplaceMap(HaproxySession session, string map, IReadOnlyList<KeyValuePair<string, string>> entries, CancellationToken cancellationToken = default,
                                    Action<CliRequest>? sending = null) =>
        ReplaceMap(session, map, entries, true, sending, cancellationToken).GetAwaiter().GetResult();

    private static Task<Result> ReplaceMap(HaproxySession session, string map, IReadOnlyList<KeyValuePair<string, string>> entries, bool synchronous,
                                           Action<CliRequest>? sending, CancellationToken cancellationToken)
    {
        foreach (var e in entries)
        {
            CliArgument.CheckSendable(e.Key, "Key");
            CliArgument.CheckSendable(e.Value, "Value");
        }
        return ReplaceAsync(session, map, entries.Count, HaproxyRequests.PrepareMap(map),
            version => entries.Select(e => HaproxyRequests.AddMapEntry(map, e.Key, e.Value, version)).ToList(),
            version => HaproxyRequests.ClearMap(map, version),
            version => HaproxyRequests.CommitMap(map, version), synchronous, sending, cancellationToken);
    }

    /// <summary>Replaces an ACL's content atomically; <c>sending</c> as for <see cref="ReplaceMapAsync"/>.</summary>
    public static Task<Result> ReplaceAclAsync(HaproxySession session, string acl, IReadOnlyList<string> patterns, CancellationToken cancellationToken = default,
                                               Action<CliRequest>? sending = null) =>
        ReplaceAcl(session, acl, patterns, false, sending, cancellationToken);

    /// <summary>Synchronous form (blocking socket calls, see <see cref="HaproxySession.Execute{T}"/>).</summary>
    public static Result ReplaceAcl(HaproxySession session, string acl, IReadOnlyList<string> patterns, CancellationToken cancellationToken = default,
                                    Action<CliRequest>? sending = null) =>
        ReplaceAcl(session, acl, patterns, true, sending, cancellationToken).GetAwaiter().GetResult();

    private static Task<Result> ReplaceAcl(HaproxySession session, string acl, IReadOnlyList<string> patterns, bool synchronous,
                                           Action<CliRequest>? sending, CancellationToken cancellationToken)
    {
        foreach (var p in patterns) CliArgument.CheckSendable(p, "Pattern");
        return ReplaceAsync(session, acl, patterns.Count, HaproxyRequests.PrepareAcl(acl),
            version => patterns.Select(p => HaproxyRequests.AddAclEntry(acl, p, version)).ToList(),
            version => HaproxyRequests.ClearAcl(acl, version),
            version => HaproxyRequests.CommitAcl(acl, version), synchronous, sending, cancellationToken);
    }

    private static async Task<Result> ReplaceAsync(HaproxySession session, string name, int count, CliRequest<int> prepare,
        Func<int, List<CliRequest<CliDone>>> fill, Func<int, CliRequest<CliDone>> drop, Func<int, CliRequest<CliDone>> commit,
        bool synchronous, Action<CliRequest>? sending, CancellationToken cancellationToken)
    {
        // With synchronous set every step blocks in place, so the returned task is already complete.
        Task<T> Run<T>(CliRequest<T> command, CancellationToken token)
        {
            sending?.Invoke(command);
            return synchronous ? Task.FromResult(session.Execute(command, token)) : session.ExecuteAsync(command, token);
        }
        List<CliRequest<CliDone>> Fill(int version)
        {
            var commands = fill(version);
            if (sending != null) foreach (var c in commands) sending(c);
            return commands;
        }
        async Task DropAsync(CliRequest<CliDone> clear)
        {
            // Best effort: an uncommitted version is invisible to traffic anyway; clearing it frees its memory when
            // HAProxy honours it.
            try { await Run(clear, CancellationToken.None).ConfigureAwait(false); }
            catch (HaproxyException) { }
        }

        int version = await Run(prepare, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<CliOutcome<CliDone>> outcomes;
        try
        {
            outcomes = synchronous
                ? session.ExecuteMany(Fill(version), cancellationToken)
                : await session.ExecuteManyAsync(Fill(version), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Includes Ctrl+C: the connection was closed, so the half-filled version is cleared on a fresh one.
            await DropAsync(drop(version)).ConfigureAwait(false);
            throw;
        }
        var failures = outcomes.Where(o => !o.Succeeded).ToList();
        if (failures.Count > 0)
        {
            await DropAsync(drop(version)).ConfigureAwait(false);
            var first = failures[0].Error!;
            throw new HaproxyCommandException(
                $"Filling version {version} of '{name}' failed for {failures.Count} of {count} entries (first: {first.Message}). The version was not committed: the live content is unchanged. (HAProxy 3.4.7 may keep the uncommitted entries until the next prepare or commit; traffic never sees them.)",
                first.Kind, first.CommandLine ?? prepare.Line, (first as HaproxyCommandException)?.Response ?? first.Message);
        }
        // Never drop after this point: once the commit may have happened, the version IS the live content, and
        // clearing it would empty the table traffic uses.
        await Run(commit(version), cancellationToken).ConfigureAwait(false);
        return new Result(name, version, count);
    }
}
