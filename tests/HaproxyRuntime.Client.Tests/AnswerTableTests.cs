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

    public static IEnumerable<object[]> Tables() =>
        typeof(HaproxyAnswers).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(AnswerTable))
            .Select(f => new object[] { f.Name });

    public static IEnumerable<object[]> Rules() =>
        Tables().SelectMany(t => Table((string)t[0]).Rules.Select((r, i) => new object[] { t[0], i }));

    private static AnswerTable Table(string name) =>
        (AnswerTable)typeof(HaproxyAnswers).GetField(name, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    /// <summary>The answer as HAProxy sends it: the rule's text, the target filled in, values after a prefix.</summary>
    private static CliReply Sample(AnswerRule rule)
    {
        string text = rule.Text.Replace(AnswerRule.TargetPlaceholder, Request.Target);
        if (rule.Match == AnswerMatch.StartsWith) text += "value' to 'other'";
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
        var reply = new CliReply(rule.Severity is null ? 6 : null, Sample(rule).Lines.ToList());
        Assert.NotSame(rule, Table(table).Find(reply, Request));
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void UnknownAnswers_AreNeverSuccess(string table)
    {
        foreach (int? severity in new int?[] { null, 3, 4, 5, 6 })
        {
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
        foreach (var success in Table(table).Rules.Where(r => r.IsSuccess))
        {
            var reply = new CliReply(success.Severity, new List<string> { "invalid addr '" + success.Text + "'" });
            var rule = Table(table).Find(reply, Request);
            Assert.True(rule is null || !rule.IsSuccess);
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

    [Fact]
    public void FqdnChange_IsSuccessOnlyForTheServerAsked()
    {
        var table = HaproxyAnswers.SetServerFqdn;
        table.Judge(new CliReply(4, new List<string> { "be1/srv1 changed its FQDN from (null) to localhost by 'stats socket command'" }), Request);
        Assert.Throws<HaproxyCommandException>(() =>
            table.Judge(new CliReply(4, new List<string> { "be1/other changed its FQDN from (null) to localhost by 'stats socket command'" }), Request));
    }
}
