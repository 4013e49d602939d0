using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Protocol;
using Xunit;

namespace HaproxyRuntime.Client.Tests;

public class ErrorClassifierTests
{
    /// <summary>Messages verified on HAProxy 3.4.7 (protocol doc §3-§8 and live answers).</summary>
    [Theory]
    // add backend
    [InlineData("Error during backend creation : name is already used by other proxy 'backend mybackend1'.", HaproxyErrorKind.AlreadyExists)]
    [InlineData("Error during backend creation : GUID insertion : duplicate entry", HaproxyErrorKind.AlreadyExists)]
    [InlineData("Cannot find default proxy 'nodefaults'.", HaproxyErrorKind.NotFound)]
    // add / del server
    [InlineData("Already exists a server with the same name in backend.", HaproxyErrorKind.AlreadyExists)]
    [InlineData("No such backend.", HaproxyErrorKind.NotFound)]
    [InlineData("Can't create DNS resolution for server 'be/s1'", HaproxyErrorKind.InvalidOperation)]
    [InlineData("port range not permitted here in '127.0.0.1:80-90'.", HaproxyErrorKind.InvalidArgument)]
    [InlineData("No such server.", HaproxyErrorKind.NotFound)]
    [InlineData("Only servers in maintenance mode can be deleted.", HaproxyErrorKind.NotRemovable)]
    // health / state
    [InlineData("Health check was not configured on this server, cannot enable.", HaproxyErrorKind.InvalidOperation)]
    [InlineData("'set server <srv> state' expects 'ready', 'drain' and 'maint'.", HaproxyErrorKind.InvalidArgument)]
    // maps
    [InlineData("Key not found.", HaproxyErrorKind.NotFound)]
    [InlineData("Unknown map identifier. Please use #<id> or <file>.", HaproxyErrorKind.NotFound)]
    [InlineData("Missing value for key 'k9'.", HaproxyErrorKind.InvalidArgument)]
    // levels
    [InlineData("Permission denied", HaproxyErrorKind.PermissionDenied)]
    // backend deletion
    [InlineData("Backend must be unpublished prior to its deletion.", HaproxyErrorKind.NotRemovable)]
    [InlineData("Only a backend without server can be deleted.", HaproxyErrorKind.NotRemovable)]
    [InlineData("Cannot remove a backend with stick-table.", HaproxyErrorKind.NotRemovable)]
    // wait
    [InlineData("Failed. No such backend.", HaproxyErrorKind.NotFound)]
    [InlineData("Failed. No such server.", HaproxyErrorKind.NotFound)]
    [InlineData("Failed. Only servers in maintenance mode can be deleted.", HaproxyErrorKind.NotRemovable)]
    [InlineData("Failed. Cannot remove a backend with stick-table.", HaproxyErrorKind.NotRemovable)]
    [InlineData("Missing server name (<backend>/<server>).", HaproxyErrorKind.InvalidArgument)]
    [InlineData("Expects a duration in milliseconds.", HaproxyErrorKind.InvalidArgument)]
    // generic
    [InlineData("Unknown command: 'foo', but maybe one of the following ones is a better match:\n  help : full commands list", HaproxyErrorKind.InvalidArgument)]
    [InlineData("Invalid timeout value.", HaproxyErrorKind.InvalidArgument)]
    [InlineData("Too many arguments. Commands must have at most 64 arguments.", HaproxyErrorKind.InvalidArgument)]
    [InlineData("The command line is too big for the buffer size. Please change 'tune.bufsize' in the configuration to use a bigger command.", HaproxyErrorKind.InvalidArgument)]
    [InlineData("The payload is too big. Please change 'tune.cli.max-payload-size' in the configuration to use a bigger payload.", HaproxyErrorKind.InvalidArgument)]
    [InlineData("No such table", HaproxyErrorKind.NotFound)]
    [InlineData("No such proxy.", HaproxyErrorKind.NotFound)]
    [InlineData("Can't find backend.", HaproxyErrorKind.NotFound)]
    [InlineData("Session not found.", HaproxyErrorKind.NotFound)]
    [InlineData("Interrupted. (null)", HaproxyErrorKind.Unknown)]
    [InlineData("Can't update F!", HaproxyErrorKind.Unknown)]
    [InlineData("", HaproxyErrorKind.Unknown)]
    public void Classify(string message, HaproxyErrorKind expected)
    {
        Assert.Equal(expected, HaproxyErrorClassifier.Classify(message));
    }

    [Fact]
    public void Classify_WaitDelayExpiredIsTimeout()
    {
        Assert.Equal(HaproxyErrorKind.Timeout,
            HaproxyErrorClassifier.Classify("Wait delay expired. Server still has connections attached to it, cannot remove it."));
    }

    [Fact]
    public void Classify_WaitDelayExpiredAloneIsTimeout()
    {
        Assert.Equal(HaproxyErrorKind.Timeout, HaproxyErrorClassifier.Classify("Wait delay expired."));
    }

    [Fact]
    public void ToException_UsesSeverity()
    {
        var info = CliReply.FromLines(new System.Collections.Generic.List<string> { "[6]: Something new" });
        Assert.Equal(HaproxyErrorKind.UnexpectedResponse, HaproxyErrorClassifier.ToException(info, Requests.HaproxyRequests.ShowInfo()).Kind);
        var err = CliReply.FromLines(new System.Collections.Generic.List<string> { "[3]: Something new" });
        Assert.Equal(HaproxyErrorKind.Unknown, HaproxyErrorClassifier.ToException(err, Requests.HaproxyRequests.ShowInfo()).Kind);
        var known = CliReply.FromLines(new System.Collections.Generic.List<string> { "[3]: No such backend." });
        var ex = HaproxyErrorClassifier.ToException(known, Requests.HaproxyRequests.PublishBackend("nobe"));
        Assert.Equal(HaproxyErrorKind.NotFound, ex.Kind);
        Assert.Equal("HAProxy refused 'publish backend nobe': No such backend.", ex.Message);
        Assert.Equal("publish backend nobe", ex.CommandLine);
        Assert.Equal("[3]: No such backend.", ex.Response);
    }

    [Fact]
    public void ToException_QuotesTheCommandAsked_KeepsTheWholeLine()
    {
        var request = Requests.HaproxyRequests.RemoveBackend("lst");
        var reply = CliReply.FromLines(new System.Collections.Generic.List<string> { "[3]: Cannot delete a listen section." });
        var ex = Assert.Throws<HaproxyCommandException>(() => request.Interpret(reply));
        Assert.Equal("HAProxy refused 'del backend lst': Cannot delete a listen section.", ex.Message);
        Assert.Equal("experimental-mode on;del backend lst;experimental-mode off", ex.CommandLine);
        Assert.Equal(HaproxyErrorKind.NotRemovable, ex.Kind);
    }
}
