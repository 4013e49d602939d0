using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Operations;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;
using Xunit;
using static HaproxyRuntime.Client.Tests.TestHarness;

namespace HaproxyRuntime.Client.Tests;

/// <summary><see cref="SslTransaction"/> against a fake that keeps HAProxy's one-transaction-per-kind state (ssl_ckch.c)
/// and answers with its texts; faults injected per step.</summary>
public class SslTransactionTests
{
    private const string Pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----";

    /// <summary>HAProxy's store state for one kind, as the CLI changes it.</summary>
    private sealed class FakeStore
    {
        public FakeStore(string word, string created, string updated)
        {
            Word = word;
            Created = created;
            Updated = updated;
        }

        public string Word { get; }
        public string Created { get; }
        public string Updated { get; }
        public string Served = "old";
        public string? Transaction;
        public string? Staged;
        public readonly ConcurrentQueue<string> Commands = new ConcurrentQueue<string>();

        /// <summary>Per command word (set, commit, abort): a replacement for the normal behaviour, or null.</summary>
        public Func<FakeConnection, string, Task<bool>>? OnSet, OnCommit;
        public string? SetRefusal, CommitRefusal;
        public bool CommitFailsWhileRebuilding;

        private string? _terminator;
        private string? _pendingName;
        private List<string>? _payload;

        public async Task Handle(FakeConnection conn, string line)
        {
            if (_terminator != null)
            {
                if (line != _terminator) { _payload!.Add(line); return; }
                _terminator = null;
                await EndSet(conn);
                return;
            }
            string prefix = $"ssl {Word} ";
            Commands.Enqueue(line.Contains(" <<", StringComparison.Ordinal) ? line.Substring(0, line.IndexOf(" <<", StringComparison.Ordinal)) : line);
            if (line == $"show ssl {Word}")
            {
                string body = (Transaction is null ? "" : $"# transaction\n*{Transaction}{(Word == "ca-file" ? " - 1 certificate(s)" : "")}\n") + $"# filename\nsite.pem\nother.pem";
                await conn.SendAsync(FakeHaproxyServer.Answer(body));
            }
            else if ((line.StartsWith("set " + prefix, StringComparison.Ordinal) || line.StartsWith("add " + prefix, StringComparison.Ordinal)) && line.Contains(" <<", StringComparison.Ordinal))
            {
                int at = line.IndexOf(" <<", StringComparison.Ordinal);
                _pendingName = line.Substring(4 + prefix.Length, at - 4 - prefix.Length);
                _terminator = line.Substring(at + 3);
                _payload = new List<string>();
            }
            else if (line.StartsWith("commit " + prefix, StringComparison.Ordinal))
            {
                string name = line.Substring(7 + prefix.Length);
                if (OnCommit != null && await OnCommit(conn, name)) return;
                if (Transaction is null) await conn.SendAsync(FakeHaproxyServer.Answer($"[3]: No ongoing transaction! !\nCan't commit {name}!"));
                else if (CommitRefusal != null) await conn.SendAsync(FakeHaproxyServer.Answer($"[3]: {CommitRefusal}\nCan't commit {name}!"));
                else if (CommitFailsWhileRebuilding)
                {
                    Transaction = null;
                    Staged = null;
                    await conn.SendAsync(FakeHaproxyServer.Answer($"Committing {name}\nunable to build the SSL context\nFailed!"));
                }
                else
                {
                    Served = Staged!;
                    Transaction = null;
                    Staged = null;
                    await conn.SendAsync(FakeHaproxyServer.Answer($"Committing {name}.\nSuccess!"));
                }
            }
            else if (line.StartsWith("abort " + prefix, StringComparison.Ordinal))
            {
                string name = line.Substring(6 + prefix.Length);
                if (Transaction is null) await conn.SendAsync(FakeHaproxyServer.Answer("[3]: No ongoing transaction!"));
                else if (Transaction != name) await conn.SendAsync(FakeHaproxyServer.Answer($"[3]: The ongoing transaction is about '{Transaction}' but you are trying to abort a transaction for '{name}'"));
                else
                {
                    Transaction = null;
                    Staged = null;
                    await conn.SendAsync(FakeHaproxyServer.Answer($"[5]: Transaction aborted for certificate '{name}'!"));
                }
            }
            else
            {
                await FakeHaproxyServer.AnswerNormally(conn, line);
            }
        }

        private async Task EndSet(FakeConnection conn)
        {
            string name = _pendingName!;
            if (OnSet != null && await OnSet(conn, name)) return;
            if (Transaction != null && Transaction != name)
                await conn.SendAsync(FakeHaproxyServer.Answer($"[3]: The ongoing transaction is about '{Transaction}' but you are trying to set '{name}'\nCan't update {name}!"));
            else if (SetRefusal != null)
                await conn.SendAsync(FakeHaproxyServer.Answer($"[3]: {SetRefusal}\nCan't update {name}!"));
            else
            {
                bool created = Transaction is null;
                Transaction = name;
                Staged = string.Join("\n", _payload!);
                await conn.SendAsync(FakeHaproxyServer.Answer($"[5]: {(created ? Created : Updated)} {name}!"));
            }
        }
    }

    private static FakeStore Certs() => new FakeStore("cert", "Transaction created for certificate", "Transaction updated for certificate");

    private static async Task<(FakeHaproxyServer Server, HaproxySession Session)> Start(FakeStore store)
    {
        var server = FakeHaproxyServer.StartTcp(store.Handle);
        return (server, await ConnectAsync(server));
    }

    private static Task<SslTransaction.Result> Replace(HaproxySession session, SslStoreKind kind = SslStoreKind.Certificate, string name = "site.pem", string pem = Pem, bool append = false, CancellationToken token = default) =>
        SslTransaction.ReplaceAsync(session, kind, name, CliPayload.FromText(pem, "Pem"), append, token).WaitAsync(TimeSpan.FromSeconds(10));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Success_SetsThenCommits(bool synchronous)
    {
        var store = Certs();
        var (server, session) = await Start(store);
        using (server) using (session)
        {
            var sent = new List<string>();
            var result = synchronous
                ? await Task.Run(() => SslTransaction.Replace(session, SslStoreKind.Certificate, "site.pem", CliPayload.FromText(Pem, "Pem"), sending: r => sent.Add(r.DisplayLine)))
                : await SslTransaction.ReplaceAsync(session, SslStoreKind.Certificate, "site.pem", CliPayload.FromText(Pem, "Pem"), sending: r => sent.Add(r.DisplayLine));
            Assert.Equal(new[] { "show ssl cert", "set ssl cert site.pem", "commit ssl cert site.pem" }, store.Commands.Where(c => c.Contains("ssl")));
            Assert.Equal("set ssl cert site.pem << (6 lines, 118 bytes)", sent[1]);
            Assert.False(result.TookOverTransaction);
            Assert.Equal("Success!", result.CommitLines.Last());
            Assert.Equal(Pem, store.Served);
            Assert.Null(store.Transaction);
        }
    }

    [Theory]
    [InlineData(SslStoreKind.CaFile, "ca-file", "transaction created for CA", "transaction updated for CA", false, "set")]
    [InlineData(SslStoreKind.CaFile, "ca-file", "transaction created for CA", "transaction updated for CA", true, "add")]
    [InlineData(SslStoreKind.CrlFile, "crl-file", "transaction created for CRL", "transaction updated for CRL", false, "set")]
    public async Task OtherKinds_SpeakTheirWords(SslStoreKind kind, string word, string created, string updated, bool append, string verb)
    {
        var store = new FakeStore(word, created, updated);
        var (server, session) = await Start(store);
        using (server) using (session)
        {
            await Replace(session, kind, "site.pem", append: append);
            Assert.Equal(new[] { $"show ssl {word}", $"{verb} ssl {word} site.pem", $"commit ssl {word} site.pem" }, store.Commands.Where(c => c.Contains("ssl")));
            Assert.Equal(Pem, store.Served);
        }
    }

    [Fact]
    public void Append_IsForCaFilesOnly()
    {
        Assert.Throws<ArgumentException>(() => HaproxyRequests.SetSslStore(SslStoreKind.Certificate, "x.pem", CliPayload.FromText("a", "Pem"), append: true));
    }

    [Fact]
    public async Task AnotherNamesTransaction_IsRefusedBeforeSending()
    {
        var store = Certs();
        store.Transaction = "other.pem";
        store.Staged = "theirs";
        var (server, session) = await Start(store);
        using (server) using (session)
        {
            var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Replace(session));
            Assert.Equal(HaproxyErrorKind.InvalidOperation, ex.Kind);
            Assert.Contains("'other.pem'", ex.Message);
            Assert.Contains("Nothing was sent", ex.Message);
            Assert.Equal(new[] { "show ssl cert" }, store.Commands.Where(c => c.Contains("ssl")));
            Assert.Equal("other.pem", store.Transaction); // never someone else's to abort
            Assert.Equal("theirs", store.Staged);
        }
    }

    [Fact]
    public async Task SameNamesTransaction_IsTakenOver()
    {
        var store = Certs();
        store.Transaction = "site.pem";
        store.Staged = "half";
        var (server, session) = await Start(store);
        using (server) using (session)
        {
            var result = await Replace(session);
            Assert.True(result.TookOverTransaction);
            Assert.Equal(Pem, store.Served);
        }
    }

    [Fact]
    public async Task RefusedPayload_IsAborted_AndTheRefusalReported()
    {
        var store = Certs();
        store.SetRefusal = "unable to load certificate from file 'site.pem'.\nCan't load the payload";
        var (server, session) = await Start(store);
        using (server) using (session)
        {
            var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Replace(session));
            Assert.Equal(HaproxyErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("unable to load certificate", ex.Message);
            Assert.Contains("No transaction was left open", ex.Message);
            Assert.Equal("abort ssl cert site.pem", store.Commands.Last());
            Assert.Equal("old", store.Served);
        }
    }

    [Fact]
    public async Task RefusedCommit_LeavesTheTransactionOpenInHaproxy_AndIsAborted()
    {
        var store = Certs();
        store.CommitRefusal = "inconsistencies between private key and certificate loaded 'site.pem'.";
        var (server, session) = await Start(store);
        using (server) using (session)
        {
            var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Replace(session));
            Assert.Equal(HaproxyErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("inconsistencies", ex.Message);
            Assert.Contains("The staged content was dropped", ex.Message);
            Assert.Null(store.Transaction);
            Assert.Equal("old", store.Served);
        }
    }

    [Fact]
    public async Task CommitFailedWhileRebuilding_ClosedTheTransaction_TheAbortFindsNone()
    {
        var store = Certs();
        store.CommitFailsWhileRebuilding = true;
        var (server, session) = await Start(store);
        using (server) using (session)
        {
            var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Replace(session));
            Assert.Equal(HaproxyErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("Failed!", ex.Message);
            Assert.Contains("found none", ex.Message);
            Assert.Equal("abort ssl cert site.pem", store.Commands.Last());
            Assert.Equal("old", store.Served);
        }
    }

    [Fact]
    public async Task ConnectionLostAfterThePayload_IsAbortedOnANewConnection_AndSaysNothingWasCommitted()
    {
        var store = Certs();
        store.OnSet = (conn, name) =>
        {
            // HAProxy staged it, then the connection broke before the answer arrived.
            store.Transaction = name;
            store.Staged = "cut";
            conn.Drop(reset: false);
            return Task.FromResult(true);
        };
        var (server, session) = await Start(store);
        using (server) using (session)
        {
            var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Replace(session));
            Assert.Equal(HaproxyErrorKind.Unknown, ex.Kind);
            Assert.Contains("The staged content was dropped", ex.Message);
            Assert.Null(store.Transaction);
            Assert.Equal("old", store.Served);
            Assert.DoesNotContain(store.Commands, c => c.StartsWith("commit", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task PayloadTooBig_IsARefusal_AndTheAbortFindsNothing()
    {
        var store = Certs();
        store.OnSet = async (conn, name) =>
        {
            await conn.SendAsync("[3]: The payload is too big. Please change 'tune.cli.max-payload-size' in the configuration to use a bigger payload.\n");
            conn.Close();
            return true;
        };
        var (server, session) = await Start(store);
        using (server) using (session)
        {
            var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Replace(session));
            Assert.Equal(HaproxyErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("too big", ex.Message);
            Assert.Equal("abort ssl cert site.pem", store.Commands.Last());
            Assert.Null(store.Transaction);
        }
    }

    [Fact]
    public async Task CommitWithoutAnswer_IsAborted_WhenHaproxyStillHoldsTheTransaction()
    {
        var store = Certs();
        int commits = 0;
        store.OnCommit = async (conn, name) =>
        {
            if (Interlocked.Increment(ref commits) > 1) return false;
            await conn.StallAsync(5000);
            return true;
        };
        var server = FakeHaproxyServer.StartTcp(store.Handle);
        using var session = await ConnectAsync(server, Options(commandMs: 300));
        using (server)
        {
            var ex = await Assert.ThrowsAsync<HaproxyCommandException>(() => Replace(session));
            Assert.Contains("The staged content was dropped", ex.Message);
            Assert.Null(store.Transaction);
            Assert.Equal("old", store.Served);
        }
    }

    [Fact]
    public async Task CtrlC_DuringTheCommit_StillAborts()
    {
        var store = Certs();
        store.OnCommit = async (conn, name) =>
        {
            if (conn.Index > 1) return false;
            await conn.StallAsync(5000);
            return true;
        };
        var (server, session) = await Start(store);
        using (server) using (session)
        {
            using var cts = new CancellationTokenSource(300);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Replace(session, token: cts.Token));
            Assert.Equal("abort ssl cert site.pem", store.Commands.Last());
            Assert.Null(store.Transaction);
        }
    }

    [Fact]
    public async Task BadNames_AreRefusedBeforeAnythingIsSent()
    {
        var store = Certs();
        var (server, session) = await Start(store);
        using (server) using (session)
        {
            foreach (var name in new[] { "*site.pem", "\\site.pem", "", "a\nb" })
            {
                var ex = await Assert.ThrowsAsync<HaproxyArgumentException>(() => Replace(session, name: name));
                Assert.Equal("Name", ex.ParameterName);
            }
            Assert.DoesNotContain(store.Commands, c => c.Contains("ssl"));
        }
    }

    [Fact]
    public void StoreList_ReadsTheTransaction()
    {
        var reply = new CliReply(null, new List<string> { "# transaction", "*/etc/ca.pem - 2 certificate(s)", "# filename", "/etc/ca.pem - 1 certificate(s)", "@system-ca - 140 certificate(s)" });
        var list = HaproxyRequests.GetSslStores(SslStoreKind.CaFile).Interpret(reply);
        Assert.Equal("/etc/ca.pem", list.Transaction);
        Assert.Equal(new[] { "/etc/ca.pem", "@system-ca" }, list.Names);
        var none = HaproxyRequests.GetSslStores(SslStoreKind.Certificate).Interpret(new CliReply(null, new List<string> { "# filename", "a.pem" }));
        Assert.Null(none.Transaction);
    }
}
