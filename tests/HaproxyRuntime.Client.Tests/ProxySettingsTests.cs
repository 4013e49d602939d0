using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;
using Xunit;
using static HaproxyRuntime.Client.Tests.ReplyParsingTests;

namespace HaproxyRuntime.Client.Tests;

/// <summary><c>shutdown frontend</c>, the dynamic-cookie commands and <c>set server … agent-send</c>: their lines, their
/// answers (HAProxy 3.4 src/proxy.c, src/server.c), and the dynamic-cookie key never shown.</summary>
public class ProxySettingsTests
{
    [Fact]
    public void ShutdownFrontend_Line()
    {
        var c = HaproxyRequests.ShutdownFrontend("myfrontend1");
        Assert.Equal("shutdown frontend myfrontend1", c.Line);
        Assert.Equal("myfrontend1", c.Target);
        Assert.True(c.IsWrite);
        Assert.Equal(c.Line, c.DisplayLine);
        Assert.Equal("Name", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.ShutdownFrontend("fe;quit")).ParameterName);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("[5]: Frontend was already shut down.", null)]
    [InlineData("[3]: No such frontend.", HaproxyErrorKind.NotFound)]
    [InlineData("[3]: A frontend name is expected.", HaproxyErrorKind.InvalidArgument)]
    [InlineData("[3]: Permission denied", HaproxyErrorKind.PermissionDenied)]
    [InlineData("[6]: Frontend was already shut down.", HaproxyErrorKind.UnexpectedResponse)]
    public void ShutdownFrontend_Answers(string answer, HaproxyErrorKind? refusal) =>
        AssertJudged(HaproxyRequests.ShutdownFrontend("fe"), answer, refusal);

    [Fact]
    public void DynamicCookie_Lines()
    {
        var on = HaproxyRequests.SetDynamicCookie("webservers", true);
        var off = HaproxyRequests.SetDynamicCookie("webservers", false);
        Assert.Equal("enable dynamic-cookie backend webservers", on.Line);
        Assert.Equal("disable dynamic-cookie backend webservers", off.Line);
        Assert.Equal("webservers", on.Target);
        Assert.True(on.IsWrite && off.IsWrite);
        Assert.Equal("Name", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.SetDynamicCookie("a b", true)).ParameterName);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("[3]: No such backend.", HaproxyErrorKind.NotFound)]
    [InlineData("[3]: A backend name is expected.", HaproxyErrorKind.InvalidArgument)]
    [InlineData("[3]: Not available.", HaproxyErrorKind.InvalidOperation)]
    [InlineData("[3]: Permission denied", HaproxyErrorKind.PermissionDenied)]
    [InlineData("[6]: Done.", HaproxyErrorKind.UnexpectedResponse)]
    public void DynamicCookie_Answers(string answer, HaproxyErrorKind? refusal)
    {
        AssertJudged(HaproxyRequests.SetDynamicCookie("b", true), answer, refusal);
        AssertJudged(HaproxyRequests.SetDynamicCookie("b", false), answer, refusal);
        AssertJudged(HaproxyRequests.SetDynamicCookieKey("b", "k"), answer, refusal);
    }

    [Fact]
    public void DynamicCookieKey_IsEscapedAndShownMasked()
    {
        var c = HaproxyRequests.SetDynamicCookieKey("webservers", "s3cret key;x");
        Assert.Equal(@"set dynamic-cookie-key backend webservers s3cret\ key\;x", c.Line);
        Assert.Equal(c.Line, c.Text);
        Assert.Equal("set dynamic-cookie-key backend webservers ****", c.DisplayText);
        Assert.Equal("set dynamic-cookie-key backend webservers ****", c.DisplayLine);
        Assert.DoesNotContain("s3cret", c.Action + c.Target);
        Assert.Equal(c.DisplayLine, c.ToString()); // what a log or a debugger shows carries no secret either
    }

    [Fact]
    public void DynamicCookieKey_RefusalsNeverQuoteTheKey()
    {
        var c = HaproxyRequests.SetDynamicCookieKey("b", "s3cret");
        foreach (var answer in new[] { "[3]: No such backend.", "[3]: Not available.", "[3]: Something new.", "[6]: Something else." })
        {
            var ex = Assert.Throws<HaproxyCommandException>(() => c.Interpret(Reply(answer)));
            Assert.DoesNotContain("s3cret", ex.Message);
            Assert.DoesNotContain("s3cret", ex.CommandLine);
        }
        // Nor do the module's own refusals of a key it cannot send.
        var bad = Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.SetDynamicCookieKey("b", "s3cret\nx"));
        Assert.Equal("DynamicCookieKey", bad.ParameterName);
        Assert.DoesNotContain("s3cret", bad.Message);
        Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.SetDynamicCookieKey("b", ""));
    }

    [Theory]
    [InlineData("[3]: String value expected.", HaproxyErrorKind.InvalidArgument)]
    [InlineData("[3]: Failed to allocate memory.", HaproxyErrorKind.Unknown)]
    public void DynamicCookieKey_OwnAnswers(string answer, HaproxyErrorKind refusal) =>
        AssertJudged(HaproxyRequests.SetDynamicCookieKey("b", "k"), answer, refusal);

    [Fact]
    public void AgentSend_LineEscapesTheString()
    {
        var c = HaproxyRequests.SetServerAgentSend("webservers", "web1", "hello agent;x");
        Assert.Equal(@"set server webservers/web1 agent-send hello\ agent\;x", c.Line);
        Assert.Equal("webservers/web1", c.Target);
        Assert.Equal("AgentSend", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.SetServerAgentSend("b", "s", "a\rb")).ParameterName);
        Assert.Equal("AgentSend", Assert.Throws<HaproxyArgumentException>(() => HaproxyRequests.SetServerAgentSend("b", "s", "")).ParameterName);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("[3]: agent checks are not enabled on this server.", HaproxyErrorKind.InvalidOperation)]
    [InlineData("[3]: cannot allocate memory for new string.", HaproxyErrorKind.Unknown)]
    [InlineData("[3]: No such server.", HaproxyErrorKind.NotFound)]
    [InlineData("[3]: No such backend.", HaproxyErrorKind.NotFound)]
    [InlineData("[3]: Proxy is disabled.", HaproxyErrorKind.InvalidOperation)]
    [InlineData("[5]: server ssl setting updated.", HaproxyErrorKind.UnexpectedResponse)]
    public void AgentSend_Answers(string answer, HaproxyErrorKind? refusal) =>
        AssertJudged(HaproxyRequests.SetServerAgentSend("b", "s", "x"), answer, refusal);

    private static void AssertJudged(CliRequest<CliDone> request, string answer, HaproxyErrorKind? refusal)
    {
        var reply = Reply(answer);
        if (refusal is null)
        {
            Assert.Equal(CliDone.Value, request.Interpret(reply));
            return;
        }
        Assert.Equal(refusal, Assert.Throws<HaproxyCommandException>(() => request.Interpret(reply)).Kind);
    }
}
