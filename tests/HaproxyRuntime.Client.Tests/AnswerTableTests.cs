using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using HaproxyRuntime.Client.Answers;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;
using Xunit;

namespace HaproxyRuntime.Client.Tests;

/// <summary>Every rule of every answer table, judged as HAProxy would send it: a success is a success, a refusal has
/// its kind, and nothing else is taken for a success.</summary>
public class AnswerTableTests
{
    // Every table carries its command's target in its request; server tables' rules may name it.
    private static readonly CliRequest Request = HaproxyRequests.SetServerState("be1", "srv1", HaproxyServerState.Ready);

    /// <summary>Every table of <see cref="HaproxyAnswers"/>, by name (those of the map and ACL sets as "Map.Add").</summary>
    private static readonly Dictionary<string, AnswerTable> All = FindTables();

    private static Dictionary<string, AnswerTable> FindTables()
    {
        var tables = new Dictionary<string, AnswerTable>();
        foreach (var field in typeof(HaproxyAnswers).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var value = field.GetValue(null);
            if (value is AnswerTable table) tables[field.Name] = table;
            if (value is HaproxyAnswers.PatternSetAnswers set)
            {
                foreach (var p in typeof(HaproxyAnswers.PatternSetAnswers).GetProperties())
                {
                    tables[field.Name + "." + p.Name] = (AnswerTable)p.GetValue(set)!;
                }
            }
        }
        return tables;
    }

    public static IEnumerable<object[]> Tables() => All.Keys.Select(k => new object[] { k });

    public static IEnumerable<object[]> Rules() =>
        All.SelectMany(t => t.Value.Rules.Select((r, i) => new object[] { t.Key, i }));

    private static AnswerTable Table(string name) => All[name];

    [Fact]
    public void EveryCommandTheClientSends_HasATable()
    {
        // The tables the request builders use are among those found here (a new builder gets a table, a test here).
        Assert.True(All.Count >= 30, $"only {All.Count} tables found");
        Assert.Contains(All.Values, t => ReferenceEquals(t, HaproxyAnswers.SetServerSsl));
        Assert.Contains(All.Values, t => ReferenceEquals(t, HaproxyAnswers.Acl.Remove));
    }

    /// <summary>The answer as HAProxy sends it: the rule's text, the target filled in, values after a prefix.</summary>
    private static CliReply Sample(AnswerRule rule)
    {
        string text = rule.Text.Replace(AnswerRule.TargetPlaceholder, Request.Target);
        if (rule.Match == AnswerMatch.StartsWith || rule.Match == AnswerMatch.LastLineStartsWith) text += "value' to 'other'";
        return new CliReply(rule.Severity, new List<string> { text });
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void EachRule_IsJudgedAsItSays(string table, int index)
    {
        var rule = Table(table).Rules[index];
        var reply = Sample(rule);
        // No earlier rule of the table takes its answer.
        Assert.Same(rule, Table(table).Find(reply, Request));
        if (rule.IsSuccess)
        {
            Table(table).Judge(reply, Request);
        }
        else
        {
            var ex = Assert.Throws<HaproxyCommandException>(() => Table(table).Judge(reply, Request));
            Assert.Equal(rule.Refusal, ex.Kind);
            Assert.Contains(reply.FirstLine, ex.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void EachRule_WithAnotherSeverity_IsNotThatAnswer(string table, int index)
    {
        var rule = Table(table).Rules[index];
        var reply = new CliReply(rule.Severity is 6 ? 5 : 6, Sample(rule).Lines.ToList());
        Assert.NotSame(rule, Table(table).Find(reply, Request));
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void UnknownAnswers_AreNeverSuccess(string table)
    {
        foreach (int? severity in new int?[] { null, 3, 4, 5, 6 })
        {
            // Tables that read any other error as the value's refusal (add map|acl) have no unknown errors.
            if (severity == 3 && Table(table).Rules.Any(r => r.Text.Length == 0 && !r.IsSuccess)) continue;
            if (severity == 6 && Table(table).Rules.Any(r => r.Text.Length == 0 && r.IsSuccess)) continue;
            var reply = new CliReply(severity, new List<string> { "something HAProxy 3.4 does not say" });
            var ex = Assert.Throws<HaproxyCommandException>(() => Table(table).Judge(reply, Request));
            Assert.Equal(severity is int s && s <= 3 ? HaproxyErrorKind.Unknown : HaproxyErrorKind.UnexpectedResponse, ex.Kind);
        }
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void SuccessTexts_QuotedInsideARefusal_AreNotSuccess(string table)
    {
        // Refusals quote the user's value: a value that spells a success notice must not turn a refusal into one.
        // A catch-all success (empty text: del backend's info-level answer) is a success by its severity alone.
        foreach (var success in Table(table).Rules.Where(r => r.IsSuccess && r.Text.Length > 0))
        {
            var reply = new CliReply(success.Severity, new List<string> { "invalid addr '" + success.Text + "'" });
            var rule = Table(table).Find(reply, Request);
            Assert.True(rule is null || !rule.IsSuccess || rule.Text.Length == 0);
        }
    }

    [Fact]
    public void EmptyAnswer_FollowsTheTable()
    {
        foreach (var name in Tables().Select(t => (string)t[0]))
        {
            var table = Table(name);
            if (table.EmptyIsSuccess) table.Judge(CliReply.Empty, Request);
            else Assert.Throws<HaproxyCommandException>(() => table.Judge(CliReply.Empty, Request));
        }
    }

    /// <summary>Answers of HAProxy 2.6.12, 3.0.11 and 3.2.26 whose text differs from 3.4's, as each binary sent them
    /// (severity, first line): the same meaning as 3.4's answer to the same situation. Kind null = success.</summary>
    [Theory]
    // 2.6 does not quote the unknown verb (wait does not exist before 3.0).
    [InlineData("WaitServerRemovable", 6, "Unknown command, but maybe one of the following ones is a better match:", HaproxyErrorKind.InvalidArgument)]
    [InlineData("Map.Add", 6, "Unknown command, but maybe one of the following ones is a better match:", HaproxyErrorKind.InvalidArgument)]
    // 2.6 set server addr: the address part, then the port part, then who asked.
    [InlineData("SetServerAddress", 4, "no need to change the addr by 'stats socket command'", null)]
    [InlineData("SetServerAddress", 4, "no need to change the addr, no need to change the port by 'stats socket command'", null)]
    [InlineData("SetServerAddress", 4, "no need to change the addr, port changed from '27012' to '27099' by 'stats socket command'", null)]
    [InlineData("SetServerAddress", 4, "IP changed from '127.0.0.1' to '127.0.0.2' by 'stats socket command'", null)]
    [InlineData("SetServerAddress", 4, "IP changed from '127.0.0.2' to '127.0.0.1', port changed from '27099' to '27012' by 'stats socket command'", null)]
    [InlineData("SetServerAddress", 4, "Invalid addr 'nope' by 'stats socket command'", HaproxyErrorKind.InvalidArgument)]
    [InlineData("SetServerAddress", 4, "no need to change the addr, problem converting port 'x' to an int by 'stats socket command'", HaproxyErrorKind.InvalidArgument)]
    [InlineData("SetServerAddress", 4, "no need to change the addr, can't change <port> to port map because it is incompatible with current health check port configuration (use 'port' statement from the 'server' directive. by 'stats socket command'", HaproxyErrorKind.InvalidOperation)]
    [InlineData("SetServerAddress", 4, "Update for the current server address family is only supported through configuration file by 'stats socket command'", HaproxyErrorKind.InvalidOperation)]
    // 3.0 and 3.2 wait: no reason after the outcome.
    [InlineData("WaitServerRemovable", 3, "Failed.", HaproxyErrorKind.NotRemovable)]
    [InlineData("WaitServerRemovable", 3, "Wait delay expired.", HaproxyErrorKind.Timeout)]
    [InlineData("WaitServerRemovable", 3, "Interrupted.", HaproxyErrorKind.Timeout)]
    [InlineData("WaitServerRemovable", 6, "Done.", null)]
    // add server to a backend without dynamic servers (2.6 to 3.2), to a log backend (3.0, 3.2: with a leading space).
    [InlineData("AddServer", 3, "Backend must use a dynamic load balancing to support dynamic servers.", HaproxyErrorKind.InvalidOperation)]
    [InlineData("AddServer", 3, " Dynamic servers cannot be used with log backends.", HaproxyErrorKind.InvalidOperation)]
    // del acl on 2.6.12 and 3.0.11 words an unknown ACL as a map.
    [InlineData("Acl.Remove", 3, "Unknown map identifier. Please use #<id> or <file>.", HaproxyErrorKind.NotFound)]
    public void OlderLinesAnswers_MeanWhat34Means(string table, int severity, string text, HaproxyErrorKind? kind)
    {
        var reply = new CliReply(severity, new List<string> { text });
        if (kind is null)
        {
            Table(table).Judge(reply, Request);
            return;
        }
        Assert.NotNull(Table(table).Find(reply, Request));
        var ex = Assert.Throws<HaproxyCommandException>(() => Table(table).Judge(reply, Request));
        Assert.Equal(kind, ex.Kind);
    }

    [Fact]
    public void FqdnChange_IsSuccessOnlyForTheServerAsked()
    {
        var table = HaproxyAnswers.SetServerFqdn;
        table.Judge(new CliReply(4, new List<string> { "be1/srv1 changed its FQDN from (null) to localhost by 'stats socket command'" }), Request);
        Assert.Throws<HaproxyCommandException>(() =>
            table.Judge(new CliReply(4, new List<string> { "be1/other changed its FQDN from (null) to localhost by 'stats socket command'" }), Request));
    }
}
