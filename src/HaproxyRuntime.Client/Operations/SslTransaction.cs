using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.Client.Operations;

/// <summary>The SSL stores HAProxy changes through a transaction (<c>set</c>, then <c>commit</c> or <c>abort</c>).</summary>
public enum SslStoreKind
{
    /// <summary>A certificate store (<c>set/commit/abort ssl cert</c>).</summary>
    Certificate,
    /// <summary>A CA file (<c>set/add/commit/abort ssl ca-file</c>).</summary>
    CaFile,
    /// <summary>A CRL file (<c>set/commit/abort ssl crl-file</c>).</summary>
    CrlFile,
}

/// <summary>
/// Replaces an SSL store's content through HAProxy's transaction: <c>set ssl &lt;kind&gt; &lt;name&gt;</c> with the PEM
/// as a payload, then <c>commit ssl &lt;kind&gt; &lt;name&gt;</c>. Traffic sees the old content until the commit, and a
/// failure at any point after the set was sent (a refusal, a cut payload, a timeout, an unknown outcome, Ctrl+C) is
/// followed by <c>abort ssl &lt;kind&gt; &lt;name&gt;</c> — on a fresh connection if the old one broke — so no transaction
/// is left open; the original failure is reported.
/// </summary>
/// <remarks>
/// HAProxy keeps one transaction per store kind, all sockets together (ssl_ckch.c: <c>ckchs_transaction</c>,
/// <c>cafile_transaction</c>, <c>crlfile_transaction</c>); a set for another name is refused with "The ongoing
/// transaction is about …". So the operation reads the kind's list first and refuses, before sending anything, when a
/// transaction is open for another name: it is someone else's work, never aborted here. One open for the same name is
/// taken over: a set replaces what it staged (HAProxy answers "Transaction updated"), which
/// <see cref="Result.TookOverTransaction"/> reports. A commit that fails while rebuilding ("Failed!") closes the
/// transaction itself (ckch_store_update_process, cli_io_handler_commit_cafile_crlfile); one refused before (key and
/// certificate mismatch, ckch_store_update_init) leaves it open — the abort covers both.
/// </remarks>
public static class SslTransaction
{
    /// <summary>What a replacement did.</summary>
    public sealed class Result
    {
        internal Result(SslStoreKind kind, string name, bool tookOver, IReadOnlyList<string> commitLines)
        {
            Kind = kind;
            Name = name;
            TookOverTransaction = tookOver;
            CommitLines = commitLines;
        }

        public SslStoreKind Kind { get; }
        public string Name { get; }

        /// <summary>True when a transaction for this name was already open (HAProxy answered "Transaction updated"):
        /// its staged content was replaced and committed.</summary>
        public bool TookOverTransaction { get; }

        /// <summary>The commit's answer ("Committing &lt;name&gt;", a dot per rebuilt instance, warnings, "Success!").</summary>
        public IReadOnlyList<string> CommitLines { get; }
    }

    /// <summary>Synchronous form (blocking socket calls, see <see cref="HaproxySession.Execute{T}"/>). With
    /// <paramref name="append"/> (CA files only) the payload is added to the file (<c>add ssl ca-file</c>) instead of
    /// replacing it. <paramref name="sending"/> is called with each request before it is sent.</summary>
    public static Result Replace(HaproxySession session, SslStoreKind kind, string name, CliPayload payload, bool append = false,
                                 CancellationToken cancellationToken = default, Action<CliRequest>? sending = null) =>
        Run(session, kind, name, payload, append, true, sending, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Asynchronous form of <see cref="Replace"/>.</summary>
    public static Task<Result> ReplaceAsync(HaproxySession session, SslStoreKind kind, string name, CliPayload payload, bool append = false,
                                            CancellationToken cancellationToken = default, Action<CliRequest>? sending = null) =>
        Run(session, kind, name, payload, append, false, sending, cancellationToken);

    private enum AbortOutcome { Aborted, NothingOpen, OtherTransaction, Failed }

    private static async Task<Result> Run(HaproxySession session, SslStoreKind kind, string name, CliPayload payload, bool append,
                                          bool synchronous, Action<CliRequest>? sending, CancellationToken cancellationToken)
    {
        // Every request is built (and every value checked) before anything is sent.
        var list = HaproxyRequests.GetSslStores(kind);
        var set = HaproxyRequests.SetSslStore(kind, name, payload, append);
        var commit = HaproxyRequests.CommitSslStore(kind, name);
        var abort = HaproxyRequests.AbortSslStore(kind, name);
        string word = HaproxyRequests.SslStoreWord(kind);

        Task<T> Send<T>(CliRequest<T> request, CancellationToken token)
        {
            sending?.Invoke(request);
            return synchronous ? Task.FromResult(session.Execute(request, token)) : session.ExecuteAsync(request, token);
        }

        async Task<(AbortOutcome Outcome, string Detail)> AbortAsync()
        {
            // Not cancellable: after Ctrl+C the transaction must still be closed (the broken connection is replaced).
            try
            {
                await Send(abort, CancellationToken.None).ConfigureAwait(false);
                return (AbortOutcome.Aborted, "");
            }
            catch (HaproxyCommandException ex) when (ex.Response.IndexOf("No ongoing transaction!", StringComparison.Ordinal) >= 0 && ex.Kind == HaproxyErrorKind.NotFound)
            {
                return (AbortOutcome.NothingOpen, "");
            }
            catch (HaproxyCommandException ex) when (ex.Kind == HaproxyErrorKind.InvalidOperation && ex.Response.Contains("The ongoing transaction is about '"))
            {
                return (AbortOutcome.OtherTransaction, "");
            }
            catch (HaproxyException ex)
            {
                return (AbortOutcome.Failed, ex.Message);
            }
        }

        var stores = await Send(list, cancellationToken).ConfigureAwait(false);
        if (stores.Transaction is string open && !string.Equals(open, name, StringComparison.Ordinal))
        {
            throw new HaproxyCommandException(
                $"A transaction for '{open}' is open (HAProxy keeps one {word} transaction at a time, for every client): '{name}' cannot be changed until it is committed or aborted ('commit ssl {word} {open}' or 'abort ssl {word} {open}'). Nothing was sent.",
                HaproxyErrorKind.InvalidOperation, list.Line, "# transaction\n*" + open);
        }

        bool created;
        try
        {
            created = await Send(set, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (NeedsAbort(ex))
        {
            var aborted = await AbortAsync().ConfigureAwait(false);
            throw Failed(ex, set, abort, aborted, committing: false);
        }

        IReadOnlyList<string> lines;
        try
        {
            lines = await Send(commit, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (NeedsAbort(ex))
        {
            var aborted = await AbortAsync().ConfigureAwait(false);
            throw Failed(ex, commit, abort, aborted, committing: true);
        }
        return new Result(kind, name, !created, lines);
    }

    /// <summary>Whatever reached HAProxy may have staged something; a refusal of ours before sending did not.</summary>
    private static bool NeedsAbort(Exception ex) =>
        !(ex is HaproxyArgumentException || ex is HaproxyFeatureNotSupportedException || ex is ArgumentException);

    /// <summary>The failure to report: the original one, saying what the abort found. A refusal stays a refusal of its
    /// kind; an unknown outcome the abort settled (nothing was committed) becomes a plain failure saying so; a commit
    /// whose outcome stays unknown stays unknown.</summary>
    private static Exception Failed(Exception original, CliRequest step, CliRequest abort, (AbortOutcome Outcome, string Detail) aborted, bool committing)
    {
        string after = aborted.Outcome switch
        {
            AbortOutcome.Aborted => $" The staged content was dropped ('{abort.Line}'): nothing was committed, HAProxy serves what it served before.",
            AbortOutcome.NothingOpen when !committing => $" No transaction was left open ('{abort.Line}' found none): nothing was committed.",
            AbortOutcome.NothingOpen => $" No transaction was left open ('{abort.Line}' found none).",
            AbortOutcome.OtherTransaction => $" The open transaction is another name's and was left alone; none is open for '{step.Target}'.",
            _ => $" The abort that should close the transaction failed too ({aborted.Detail}): a transaction for '{step.Target}' may still be open; close it with '{abort.Line}'.",
        };
        bool settled = aborted.Outcome == AbortOutcome.Aborted || (aborted.Outcome == AbortOutcome.NothingOpen && !committing) || aborted.Outcome == AbortOutcome.OtherTransaction;
        switch (original)
        {
            case HaproxyCommandException refused:
                return new HaproxyCommandException(refused.Message + after, refused.Kind, refused.CommandLine ?? step.Line, refused.Response);
            case HaproxyOutcomeUnknownException unknown when settled:
                return new HaproxyCommandException(
                    $"The connection failed after '{step.DisplayLine}' was sent and before HAProxy answered ({unknown.InnerException?.Message ?? unknown.Message}).{after}",
                    HaproxyErrorKind.Unknown, step.Line, "");
            case HaproxyTimeoutException timeout:
                return new HaproxyTimeoutException(timeout.Message + after, timeout.CommandLine, timeout);
            case HaproxyProtocolException protocol:
                return new HaproxyProtocolException(protocol.Message + after, protocol.CommandLine, protocol);
            default:
                // Ctrl+C, a closed session, a commit whose outcome stays unknown: the original, as it was.
                return original;
        }
    }
}
