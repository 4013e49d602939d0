using System;
using System.Collections.Generic;
using System.Linq;
using HaproxyRuntime.Client.Requests;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;
using Xunit;

namespace HaproxyRuntime.Client.Tests;

public class ReplyParsingTests
{
    [Fact]
    public void CutAnswer_ErrorTextHoldsItsBeginningOnly()
    {
        var lines = Enumerable.Range(0, 100_000).Select(i => $"row{i},UP,{new string('x', 40)}").ToList();
        string text = HaproxyRuntime.Client.Transport.CliConnection.Beginning(lines);
        Assert.StartsWith("row0,UP,", text);
        Assert.InRange(text.Length, 1000, 1200);
        int shown = text.Count(c => c == '\n') - 1;
        Assert.EndsWith($"… ({100_000 - shown} more lines)\n", text);

        var few = new List<string> { "a", "b" };
        Assert.Equal("a\nb\n", HaproxyRuntime.Client.Transport.CliConnection.Beginning(few)); // short answers whole
    }

    internal static CliReply Reply(string text) =>
        CliReply.FromLines(text.Length == 0 ? new List<string>() : text.Split('\n').ToList());

    // ---- CliReply.FromLines ---------------------------------------------------------------------------------

    [Fact]
    public void FromLines_SplitsSeverityPrefix()
    {
        var r = Reply("[3]: No such backend.");
        Assert.Equal(3, r.Severity);
        Assert.True(r.IsError);
        Assert.Equal("No such backend.", r.FirstLine);
        Assert.Equal(new[] { "No such backend." }, r.Lines);
        Assert.Equal("[3]: No such backend.", r.Raw);
        Assert.Equal("No such backend.", r.Text);
        Assert.False(r.IsEmpty);
    }

    [Fact]
    public void FromLines_PrefixOnlyOnFirstLine()
    {
        var r = Reply("[6]: Server dynbe/a is going DOWN for maintenance.\nbackend 'dynbe' has no server available!\n[3]: not a prefix here");
        Assert.Equal(6, r.Severity);
        Assert.False(r.IsError);
        Assert.Equal(new[] { "Server dynbe/a is going DOWN for maintenance.", "backend 'dynbe' has no server available!", "[3]: not a prefix here" }, r.Lines);
    }

    [Theory]
    [InlineData("[0]: x", 0, true)]
    [InlineData("[2]: x", 2, true)]
    [InlineData("[3]: x", 3, true)]
    [InlineData("[4]: x", 4, false)]
    [InlineData("[6]: x", 6, false)]
    [InlineData("[7]: x", 7, false)]
    public void FromLines_SeverityLevels(string line, int severity, bool isError)
    {
        var r = Reply(line);
        Assert.Equal(severity, r.Severity);
        Assert.Equal(isError, r.IsError);
        Assert.Equal("x", r.FirstLine);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("# pxname,svname,qcur")]
    [InlineData("Name: HAProxy")]
    [InlineData("[8]: x")]
    [InlineData("[3] x")]
    [InlineData("[3]:x")]
    [InlineData("[err]: x")]
    [InlineData("[3]")]
    [InlineData("0x7f4c96876a80 /test mybackend1")]
    public void FromLines_DataWithoutPrefixKeptVerbatim(string line)
    {
        var r = Reply(line);
        Assert.Null(r.Severity);
        Assert.False(r.IsError);
        Assert.Equal(line, r.FirstLine);
        Assert.Equal(line, r.Raw);
    }

    [Fact]
    public void FromLines_EmptyAnswer()
    {
        var r = CliReply.FromLines(new List<string>());
        Assert.True(r.IsEmpty);
        Assert.Null(r.Severity);
        Assert.Equal("", r.FirstLine);
        Assert.Equal("", r.Raw);
        Assert.Same(CliReply.Empty, r);
    }

    [Fact]
    public void FromLines_PrefixWithEmptyMessage()
    {
        var r = Reply("[6]: ");
        Assert.Equal(6, r.Severity);
        Assert.Equal("", r.FirstLine);
        Assert.False(r.IsEmpty);
    }

    // ---- ReplyExpectations ----------------------------------------------------------------------------------

    private static readonly CliRequest<CliDone> SetState = HaproxyRequests.SetServerState("b", "s", Models.HaproxyServerState.Maint);

    [Fact]
    public void Empty_SucceedsOnEmptyAnswer()
    {
        Assert.Equal(CliDone.Value, SetState.Interpret(CliReply.Empty));
    }

    [Fact]
    public void Empty_UnknownNonEmptyAnswerIsUnexpectedResponse()
    {
        var ex = Assert.Throws<HaproxyCommandException>(() => SetState.Interpret(Reply("something odd")));
        Assert.Equal(HaproxyErrorKind.UnexpectedResponse, ex.Kind);
        Assert.Equal("set server b/s state maint", ex.CommandLine);
        Assert.Equal("something odd", ex.Response);
        Assert.StartsWith("HAProxy gave an unexpected answer to 'set server b/s state maint': something odd", ex.Message);
    }

    [Fact]
    public void Empty_InfoMessageInsteadOfNothingIsNotSuccess()
    {
        var ex = Assert.Throws<HaproxyCommandException>(() => SetState.Interpret(Reply("[6]: New server registered.")));
        Assert.Equal(HaproxyErrorKind.UnexpectedResponse, ex.Kind);
        Assert.Equal("[6]: New server registered.", ex.Response);
    }

    [Fact]
    public void Empty_ErrorIsClassified()
    {
        var ex = Assert.Throws<HaproxyCommandException>(() => SetState.Interpret(Reply("[3]: No such server.")));
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
        Assert.Equal("[3]: No such server.", ex.Response);
        Assert.Equal("Server 's' does not exist in backend b (HAProxy refused 'set server b/s state maint': No such server.)", ex.Message);
    }

    /// <summary>One missing object is worded one way, whichever command met it and however HAProxy put it.</summary>
    [Theory]
    [InlineData("set-state", "[3]: No such backend.", HaproxyObjectKind.Backend, "b", null, "Backend 'b' does not exist (HAProxy refused 'set server b/s state maint': No such backend.)")]
    [InlineData("show-servers", "[3]: Can't find backend.", HaproxyObjectKind.Backend, "nobe", null, "Backend 'nobe' does not exist (HAProxy refused 'show servers state nobe': Can't find backend.)")]
    [InlineData("publish", "[3]: No such backend.", HaproxyObjectKind.Backend, "nobe", null, "Backend 'nobe' does not exist (HAProxy refused 'publish backend nobe': No such backend.)")]
    [InlineData("set-state", "[3]: No such server.", HaproxyObjectKind.Server, "s", "b", "Server 's' does not exist in backend b (HAProxy refused 'set server b/s state maint': No such server.)")]
    [InlineData("disable-frontend", "[3]: No such frontend.", HaproxyObjectKind.Frontend, "nofe", null, "Frontend 'nofe' does not exist (HAProxy refused 'disable frontend nofe': No such frontend.)")]
    public void NotFound_NamesTheMissingObjectAlike(string command, string answer, HaproxyObjectKind kind, string name, string? inBackend, string message)
    {
        CliRequest request = command switch
        {
            "set-state" => SetState,
            "show-servers" => HaproxyRequests.GetServers("nobe"),
            "publish" => HaproxyRequests.PublishBackend("nobe"),
            _ => HaproxyRequests.DisableFrontend("nofe"),
        };
        var ex = Assert.Throws<HaproxyCommandException>(() => request switch
        {
            CliRequest<CliDone> done => (object)done.Interpret(Reply(answer)),
            CliRequest<System.Collections.Generic.List<Models.HaproxyServer>> servers => servers.Interpret(Reply(answer)),
            _ => throw new System.InvalidOperationException(),
        });
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
        Assert.Equal(kind, ex.MissingKind);
        Assert.Equal(name, ex.MissingName);
        Assert.Equal(inBackend, ex.MissingIn);
        Assert.Equal(message, ex.Message);
        Assert.Equal(answer, ex.Response);
    }

    [Fact]
    public void Empty_UnclassifiedErrorSeverityIsUnknownKind()
    {
        var ex = Assert.Throws<HaproxyCommandException>(() => SetState.Interpret(Reply("[3]: Interrupted. (null)")));
        Assert.Equal(HaproxyErrorKind.Unknown, ex.Kind);
    }

    [Fact]
    public void Message_SuccessOnExpectedLine()
    {
        var c = HaproxyRequests.AddServer("b", "s", "1.2.3.4", 80);
        Assert.Equal(CliDone.Value, c.Interpret(Reply("[6]: New server registered.")));
        Assert.Equal(CliDone.Value, c.Interpret(Reply("New server registered.")));
        Assert.Equal(CliDone.Value, c.Interpret(Reply("[6]: New server registered.  ")));
    }

    [Fact]
    public void Message_DelBackendMultiLineAnswerIsSuccess()
    {
        var c = HaproxyRequests.RemoveBackend("dynbe");
        var reply = Reply("[6]: Server dynbe/a is going DOWN for maintenance. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.\nbackend 'dynbe' has no server available!\nServer deleted.\nBackend deleted.");
        Assert.Equal(CliDone.Value, c.Interpret(reply));
    }

    [Fact]
    public void Message_EmptyAnswerToWriteIsUnexpected()
    {
        var c = HaproxyRequests.PublishBackend("be2");
        var ex = Assert.Throws<HaproxyCommandException>(() => c.Interpret(CliReply.Empty));
        Assert.Equal(HaproxyErrorKind.UnexpectedResponse, ex.Kind);
        Assert.Contains("(empty answer)", ex.Message);
    }

    [Fact]
    public void Message_UnknownAnswerIsUnexpectedNeverSuccess()
    {
        var c = HaproxyRequests.PublishBackend("be2");
        var ex = Assert.Throws<HaproxyCommandException>(() => c.Interpret(Reply("[6]: Backend maybe published.")));
        Assert.Equal(HaproxyErrorKind.UnexpectedResponse, ex.Kind);
        Assert.Equal("publish backend be2", ex.CommandLine);
    }

    [Fact]
    public void Message_ExpectedTextWithErrorSeverityIsFailure()
    {
        var c = HaproxyRequests.PublishBackend("be2");
        var ex = Assert.Throws<HaproxyCommandException>(() => c.Interpret(Reply("[3]: Backend published.")));
        Assert.NotEqual(HaproxyErrorKind.UnexpectedResponse, ex.Kind);
    }

    [Fact]
    public void Message_OtherCommandsSuccessTextDoesNotCount()
    {
        var c = HaproxyRequests.RemoveServer("b", "s");
        var ex = Assert.Throws<HaproxyCommandException>(() => c.Interpret(Reply("[6]: Backend deleted.")));
        Assert.Equal(HaproxyErrorKind.UnexpectedResponse, ex.Kind);
        Assert.Equal(CliDone.Value, c.Interpret(Reply("[6]: Server deleted.")));
    }

    [Fact]
    public void Message_ErrorClassified()
    {
        var c = HaproxyRequests.RemoveServer("b", "s");
        var ex = Assert.Throws<HaproxyCommandException>(() => c.Interpret(Reply("[3]: Only servers in maintenance mode can be deleted.")));
        Assert.Equal(HaproxyErrorKind.NotRemovable, ex.Kind);
        Assert.Equal("del server b/s", ex.CommandLine);
    }

    [Fact]
    public void Message_ExpectedTextLineMustMatchWholeLine()
    {
        var c = HaproxyRequests.PublishBackend("be2");
        Assert.Throws<HaproxyCommandException>(() => c.Interpret(Reply("[6]: Backend published. Not really")));
    }

    [Fact]
    public void Data_ReturnsLinesOfDump()
    {
        var c = HaproxyRequests.Raw("show backend");
        var r = Reply("# name\nbe1\nbe2");
        Assert.Equal(new[] { "# name", "be1", "be2" }, ReplyExpectations.Data(r, c));
        Assert.Empty(ReplyExpectations.Data(CliReply.Empty, c));
    }

    [Theory]
    [InlineData("[6]: Unknown command: 'show bogus', but maybe one of the following ones is a better match:\n  show info : report information about the running process")]
    // HAProxy 2.6 (seen on 2.6.12): the verb is not quoted.
    [InlineData("[6]: Unknown command, but maybe one of the following ones is a better match:\n  show info      : report information about the running process [json|typed]")]
    public void Data_UnknownCommandWithInfoSeverityIsError(string answer)
    {
        var c = HaproxyRequests.Raw("show bogus");
        var r = Reply(answer);
        Assert.Equal(6, r.Severity);
        Assert.False(r.IsError);
        var ex = Assert.Throws<HaproxyCommandException>(() => ReplyExpectations.Data(r, c));
        Assert.Equal(HaproxyErrorKind.InvalidArgument, ex.Kind);
        var ex2 = Assert.Throws<HaproxyCommandException>(() => c.Interpret(r));
        Assert.Equal(HaproxyErrorKind.InvalidArgument, ex2.Kind);
    }

    /// <summary>Found by the parameter-sweep fuzz: "echo Unknown command" runs and answers that one line (severity info,
    /// as every echo). HAProxy's own refusal always lists suggestions on further lines, so a one-line answer is output.</summary>
    [Theory]
    [InlineData("echo Unknown command", "[6]: Unknown command")]
    [InlineData("echo Unknown command: 'x', but maybe one of the following ones is a better match:", "[6]: Unknown command: 'x', but maybe one of the following ones is a better match:")]
    [InlineData("echo Unknown command, but maybe one of the following ones is a better match:", "[6]: Unknown command, but maybe one of the following ones is a better match:")]
    public void Data_OneLineAnswerThatOnlyLooksLikeTheRefusal_IsOutput(string line, string answer)
    {
        var c = HaproxyRequests.Raw(line);
        var r = Reply(answer);
        Assert.Equal(new[] { answer.Substring("[6]: ".Length) }, c.Interpret(r).Lines);
    }

    [Fact]
    public void Data_ErrorSeverityIsError()
    {
        var c = HaproxyRequests.GetServers("nobe");
        var ex = Assert.Throws<HaproxyCommandException>(() => c.Interpret(Reply("[3]: Can't find backend.")));
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
        Assert.Equal("[3]: Can't find backend.", ex.Response);
    }

    [Fact]
    public void Raw_ReturnsReplyOrThrows()
    {
        var c = HaproxyRequests.Raw("echo hello");
        var r = c.Interpret(Reply("[6]: hello"));
        Assert.Equal("hello", r.FirstLine);
        Assert.Equal(6, r.Severity);
        Assert.Equal(HaproxyErrorKind.PermissionDenied,
            Assert.Throws<HaproxyCommandException>(() => HaproxyRequests.Raw("add map m k v").Interpret(Reply("[3]: Permission denied"))).Kind);
        Assert.Same(CliReply.Empty, HaproxyRequests.Raw("set weight b/s 1").Interpret(CliReply.Empty));
    }

    [Fact]
    public void ShowVersion_ReadsFirstLine()
    {
        var c = HaproxyRequests.ShowVersion();
        Assert.Equal("3.4.7-1", c.Interpret(Reply("[6]: 3.4.7-1")));
        Assert.Equal("3.4.7-1", c.Interpret(Reply("3.4.7-1")));
        Assert.Equal(HaproxyErrorKind.UnexpectedResponse, Assert.Throws<HaproxyCommandException>(() => c.Interpret(CliReply.Empty)).Kind);
    }

    [Theory]
    [InlineData("Done.")]
    [InlineData("[6]: Done.")]
    public void Wait_DoneIsSuccess(string answer)
    {
        var c = HaproxyRequests.WaitServerRemovable("b", "s", TimeSpan.FromSeconds(1));
        Assert.Equal(CliDone.Value, c.Interpret(Reply(answer)));
    }

    [Theory]
    [InlineData("[3]: Failed. No such server.", HaproxyErrorKind.NotFound)]
    [InlineData("[3]: Failed. No such backend.", HaproxyErrorKind.NotFound)]
    [InlineData("[3]: Failed. Only servers in maintenance mode can be deleted.", HaproxyErrorKind.NotRemovable)]
    [InlineData("[3]: Failed. Cannot remove a backend with stick-table.", HaproxyErrorKind.NotRemovable)]
    [InlineData("[3]: Missing server name (<backend>/<server>).", HaproxyErrorKind.InvalidArgument)]
    [InlineData("[3]: Expects a duration in milliseconds.", HaproxyErrorKind.InvalidArgument)]
    // HAProxy gave up the wait before its delay (the client closed its write side): the condition was not met.
    [InlineData("[3]: Interrupted. (null)", HaproxyErrorKind.Timeout)]
    [InlineData("[6]: Done. with extra", HaproxyErrorKind.UnexpectedResponse)]
    [InlineData("[3]: Done.", HaproxyErrorKind.Unknown)]
    public void Wait_Failures(string answer, HaproxyErrorKind kind)
    {
        var c = HaproxyRequests.WaitServerRemovable("b", "s", TimeSpan.FromSeconds(1));
        var ex = Assert.Throws<HaproxyCommandException>(() => c.Interpret(Reply(answer)));
        Assert.Equal(kind, ex.Kind);
        Assert.Equal("set timeout cli 11s;wait 1000ms srv-removable b/s", ex.CommandLine);
    }

    [Fact]
    public void Wait_DelayExpiredIsTimeout()
    {
        var c = HaproxyRequests.WaitServerRemovable("b", "s", TimeSpan.FromSeconds(1));
        var ex = Assert.Throws<HaproxyCommandException>(() =>
            c.Interpret(Reply("[3]: Wait delay expired. Server still has connections attached to it, cannot remove it.")));
        Assert.Equal(HaproxyErrorKind.Timeout, ex.Kind);
    }

    [Fact]
    public void ToException_LongAnswerIsShortenedAndOneLine()
    {
        var reply = Reply("[3]: " + new string('x', 1000) + "\nsecond line");
        var ex = HaproxyErrorClassifier.ToException(reply, Requests.HaproxyRequests.ShowInfo());
        Assert.DoesNotContain("\n", ex.Message);
        Assert.True(ex.Message.Length < 500, ex.Message.Length.ToString());
        Assert.EndsWith("…", ex.Message);
        Assert.Equal("[3]: " + new string('x', 1000) + "\nsecond line", ex.Response);
    }
}
