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
/// Replaces a map's or an ACL's whole content atomically: <c>prepare</c> a new version, fill it (pipelined, map entries
/// in payloads where they fit), then
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

        /// <summary>False for a version loaded by <see cref="StageMap"/>/<see cref="StageAcl"/> and not committed yet.</summary>
        public bool Committed { get; internal set; } = true;

        internal CliRequest<CliDone>? PendingCommit { get; set; }
        internal CliRequest<CliDone>? PendingDrop { get; set; }
    }

    /// <summary>The first phase of a replacement over several HAProxy nodes: prepares and fills a new version of the
    /// map, and stops short of the commit (<see cref="Commit"/> or <see cref="Drop"/> it). A failed fill throws, its
    /// version already dropped, as <see cref="ReplaceMap(HaproxySession, string, IReadOnlyList{KeyValuePair{string, string}}, CancellationToken, Action{CliRequest}?)"/>.</summary>
    public static Result StageMap(HaproxySession session, string map, IReadOnlyList<KeyValuePair<string, string>> entries, CancellationToken cancellationToken = default,
                                  Action<CliRequest>? sending = null) =>
        ReplaceMap(session, map, entries, true, sending, cancellationToken, commitNow: false).GetAwaiter().GetResult();

    /// <summary><see cref="StageMap"/> for an ACL.</summary>
    public static Result StageAcl(HaproxySession session, string acl, IReadOnlyList<string> patterns, CancellationToken cancellationToken = default,
                                  Action<CliRequest>? sending = null) =>
        ReplaceAcl(session, acl, patterns, true, sending, cancellationToken, commitNow: false).GetAwaiter().GetResult();

    /// <summary>The second phase: makes a staged version the live content.</summary>
    public static void Commit(HaproxySession session, Result staged, CancellationToken cancellationToken = default, Action<CliRequest>? sending = null)
    {
        if (staged.Committed || staged.PendingCommit is null) return;
        sending?.Invoke(staged.PendingCommit);
        session.Execute(staged.PendingCommit, cancellationToken);
        staged.Committed = true;
    }

    /// <summary>Gives a staged version up (best effort: an uncommitted version is invisible to traffic anyway).</summary>
    public static void Drop(HaproxySession session, Result staged, Action<CliRequest>? sending = null)
    {
        if (staged.Committed || staged.PendingDrop is null) return;
        sending?.Invoke(staged.PendingDrop);
        try { session.Execute(staged.PendingDrop, CancellationToken.None); }
        catch (HaproxyException) { }
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
                                           Action<CliRequest>? sending, CancellationToken cancellationToken, bool commitNow = true)
    {
        foreach (var e in entries)
        {
            CliArgument.CheckSendable(e.Key, "Key");
            CliArgument.CheckSendable(e.Value, "Value");
        }
        return ReplaceAsync(session, map, entries.Count, HaproxyRequests.PrepareMap(map),
            version => FillMap(session, map, entries, version),
            version => HaproxyRequests.ClearMap(map, version),
            version => HaproxyRequests.CommitMap(map, version), synchronous, sending, cancellationToken, commitNow);
    }

    /// <summary>A map version's entries, in their order: runs of entries a payload can carry go as <c>add map @ver m
    /// &lt;&lt;</c> payloads (one command for thousands of entries), the others (a space or tab in the key, a value that
    /// starts with one) one escaped command each.</summary>
    private static List<CliRequest<CliDone>> FillMap(HaproxySession session, string map, IReadOnlyList<KeyValuePair<string, string>> entries, int version)
    {
        // Each payload stays inside the command line's buffer (tune.bufsize, 16 KB by default), on every version. Before
        // 3.4 that is the limit. 3.4 can grow a payload past it, but the growth moves whatever is already buffered
        // into the payload unread: when the terminator is among it, HAProxy never sees the payload end and never
        // answers (measured on 3.4.7: 3 of 60 replacements of 40-96 KB payloads hung, none with payloads this size).
        const int budget = 12_000;
        var requests = new List<CliRequest<CliDone>>();
        var run = new List<KeyValuePair<string, string>>();
        int runBytes = 0;
        void Flush()
        {
            if (run.Count == 0) return;
            // A lone entry is no cheaper as a payload; the plain command reads better in -Verbose.
            requests.Add(run.Count == 1 ? HaproxyRequests.AddMapEntry(map, run[0].Key, run[0].Value, version) : HaproxyRequests.AddMapEntries(map, run.ToList(), version));
            run.Clear();
            runBytes = 0;
        }
        foreach (var e in entries)
        {
            if (!HaproxyRequests.FitsMapPayload(e.Key, e.Value))
            {
                Flush();
                requests.Add(HaproxyRequests.AddMapEntry(map, e.Key, e.Value, version));
                continue;
            }
            int bytes = System.Text.Encoding.UTF8.GetByteCount(e.Key) + System.Text.Encoding.UTF8.GetByteCount(e.Value) + 2;
            if (runBytes + bytes > budget) Flush();
            run.Add(e);
            runBytes += bytes;
        }
        Flush();
        return requests;
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
                                           Action<CliRequest>? sending, CancellationToken cancellationToken, bool commitNow = true)
    {
        foreach (var p in patterns) CliArgument.CheckSendable(p, "Pattern");
        return ReplaceAsync(session, acl, patterns.Count, HaproxyRequests.PrepareAcl(acl),
            version => patterns.Select(p => HaproxyRequests.AddAclEntry(acl, p, version)).ToList(),
            version => HaproxyRequests.ClearAcl(acl, version),
            version => HaproxyRequests.CommitAcl(acl, version), synchronous, sending, cancellationToken, commitNow);
    }

    private static async Task<Result> ReplaceAsync(HaproxySession session, string name, int count, CliRequest<int> prepare,
        Func<int, List<CliRequest<CliDone>>> fill, Func<int, CliRequest<CliDone>> drop, Func<int, CliRequest<CliDone>> commit,
        bool synchronous, Action<CliRequest>? sending, CancellationToken cancellationToken, bool commitNow = true)
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

        // Pipelined runs of single commands; a payload command goes alone (its data must follow its line).
        async Task<List<CliOutcome<CliDone>>> SendAsync(List<CliRequest<CliDone>> commands)
        {
            var all = new List<CliOutcome<CliDone>>(commands.Count);
            for (int i = 0; i < commands.Count;)
            {
                if (commands[i].Payload != null)
                {
                    try
                    {
                        var done = synchronous ? session.Execute(commands[i], cancellationToken) : await session.ExecuteAsync(commands[i], cancellationToken).ConfigureAwait(false);
                        all.Add(new CliOutcome<CliDone>(commands[i], done, null));
                    }
                    catch (HaproxyException ex)
                    {
                        all.Add(new CliOutcome<CliDone>(commands[i], default, ex));
                    }
                    i++;
                    continue;
                }
                int end = i;
                while (end < commands.Count && commands[end].Payload is null) end++;
                var batch = commands.GetRange(i, end - i);
                all.AddRange(synchronous
                    ? session.ExecuteMany(batch, cancellationToken)
                    : await session.ExecuteManyAsync(batch, cancellationToken).ConfigureAwait(false));
                i = end;
            }
            return all;
        }

        int version = await Run(prepare, cancellationToken).ConfigureAwait(false);
        List<CliOutcome<CliDone>> outcomes;
        try
        {
            outcomes = await SendAsync(Fill(version)).ConfigureAwait(false);
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
                $"Filling version {version} of '{name}' failed ({failures.Count} of {outcomes.Count} commands for {count} entries; first: {first.Message}). The version was not committed: the live content is unchanged. (HAProxy 3.4.7 may keep the uncommitted entries until the next prepare or commit; traffic never sees them.)",
                first.Kind, first.CommandLine ?? prepare.Line, (first as HaproxyCommandException)?.Response ?? first.Message);
        }
        if (!commitNow)
        {
            return new Result(name, version, count) { Committed = false, PendingCommit = commit(version), PendingDrop = drop(version) };
        }
        // Never drop after this point: once the commit may have happened, the version IS the live content, and
        // clearing it would empty the table traffic uses.
        await Run(commit(version), cancellationToken).ConfigureAwait(false);
        return new Result(name, version, count);
    }
}
