using System;
using System.Globalization;
using HaproxyRuntime.Client.Answers;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using static HaproxyRuntime.Client.Protocol.ReplyExpectations;

namespace HaproxyRuntime.Client.Requests;

/// <summary>The <c>set server</c> family and the other per-server runtime settings.</summary>
public static partial class HaproxyRequests
{
    /// <summary><c>set server b/s addr A [port P]</c>. HAProxy reports the change as a warning-level notice
    /// ("IP changed from ... by 'stats socket command'", or "nothing changed"), which is success.</summary>
    public static CliRequest<CliDone> SetServerAddress(string backend, string name, string address, int? port)
    {
        string target = ServerTarget(backend, name);
        string text = $"set server {target} addr {CliArgument.Word(address, "Address")}";
        if (port is int p)
        {
            CheckPortRange(p, "Port");
            text += " port " + p.ToString(CultureInfo.InvariantCulture);
        }
        return ServerSetting(HaproxyAnswers.SetServerAddress, text, $"Set address to {address}{(port is int q ? ":" + q.ToString(CultureInfo.InvariantCulture) : "")}", target);
    }

    /// <summary><c>set server b/s weight W</c>: an absolute weight 0-256, or a percentage of the initial weight ("50%").</summary>
    public static CliRequest<CliDone> SetServerWeight(string backend, string name, string weight)
    {
        string target = ServerTarget(backend, name);
        string w = CliArgument.Word(weight, "Weight");
        string digits = w.EndsWith("%", StringComparison.Ordinal) ? w.Substring(0, w.Length - 1) : w;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || (!w.EndsWith("%", StringComparison.Ordinal) && n > 256))
        {
            throw new HaproxyArgumentException("Weight", $"Weight '{CliArgument.Printable(weight)}' is not 0-256 or a percentage such as 50%.");
        }
        return ServerSetting(HaproxyAnswers.SetServerWeight, $"set server {target} weight {w}", $"Set weight to {w}", target);
    }

    public static CliRequest<CliDone> SetServerMaxConn(string backend, string name, int maxConn)
    {
        string target = ServerTarget(backend, name);
        if (maxConn < 0) throw new HaproxyArgumentException("MaxConn", "MaxConn must be 0 (unlimited) or positive.");
        return ServerSetting(HaproxyAnswers.SetServerMaxConn, $"set maxconn server {target} {maxConn.ToString(CultureInfo.InvariantCulture)}", $"Set maxconn to {maxConn}", target);
    }

    public static CliRequest<CliDone> SetServerCheckAddress(string backend, string name, string address) =>
        ServerKeyword(HaproxyAnswers.SetServerCheckAddress, backend, name, "check-addr", CliArgument.Word(address, "CheckAddress"), "Set health-check address");

    public static CliRequest<CliDone> SetServerCheckPort(string backend, string name, int port)
    {
        CheckPortRange(port, "CheckPort");
        return ServerKeyword(HaproxyAnswers.SetServerCheckAddress, backend, name, "check-port", port.ToString(CultureInfo.InvariantCulture), "Set health-check port");
    }

    public static CliRequest<CliDone> SetServerAgentAddress(string backend, string name, string address) =>
        ServerKeyword(HaproxyAnswers.SetServerAgentAddress, backend, name, "agent-addr", CliArgument.Word(address, "AgentAddress"), "Set agent address");

    public static CliRequest<CliDone> SetServerAgentPort(string backend, string name, int port)
    {
        CheckPortRange(port, "AgentPort");
        return ServerKeyword(HaproxyAnswers.SetServerAgentAddress, backend, name, "agent-port", port.ToString(CultureInfo.InvariantCulture), "Set agent port");
    }

    /// <summary><c>set server b/s agent-send S</c>: the string the agent check sends (escaped: it may hold spaces).</summary>
    public static CliRequest<CliDone> SetServerAgentSend(string backend, string name, string send) =>
        ServerKeyword(HaproxyAnswers.SetServerAgentSend, backend, name, "agent-send", CliArgument.Escape(send, "AgentSend"), "Set agent-send string");

    /// <summary><c>set server b/s health up|stopping|down</c>: forces the health-check result.</summary>
    public static CliRequest<CliDone> SetServerHealth(string backend, string name, HaproxyHealthState state) =>
        ServerKeyword(HaproxyAnswers.SetServerHealth, backend, name, "health", state.ToString().ToLowerInvariant(), "Set health");

    /// <summary><c>set server b/s agent up|down</c>: forces the agent-check result.</summary>
    public static CliRequest<CliDone> SetServerAgent(string backend, string name, HaproxyAgentState state) =>
        ServerKeyword(HaproxyAnswers.SetServerAgent, backend, name, "agent", state.ToString().ToLowerInvariant(), "Set agent state");

    public static CliRequest<CliDone> SetServerSsl(string backend, string name, bool enabled) =>
        ServerKeyword(HaproxyAnswers.SetServerSsl, backend, name, "ssl", enabled ? "on" : "off", "Set SSL");

    public static CliRequest<CliDone> SetServerFqdn(string backend, string name, string fqdn) =>
        ServerKeyword(HaproxyAnswers.SetServerFqdn, backend, name, "fqdn", CliArgument.Word(fqdn, "Fqdn"), "Set FQDN");

    public static CliRequest<CliDone> EnableAgentCheck(string backend, string name) => ServerVerb("enable agent", "Enable agent check", backend, name, HaproxyAnswers.EnableAgent);

    public static CliRequest<CliDone> DisableAgentCheck(string backend, string name) => ServerVerb("disable agent", "Disable agent check", backend, name, HaproxyAnswers.ServerSwitch);

    /// <summary><c>shutdown sessions server b/s</c>: closes every stream using the server, now.</summary>
    public static CliRequest<CliDone> ShutdownServerStreams(string backend, string name) =>
        ServerVerb("shutdown sessions server", "Close all streams of server", backend, name, HaproxyAnswers.ServerSwitch);

    /// <summary><c>get weight b/s</c>: "20 (initial 1)".</summary>
    public static CliRequest<HaproxyServerWeight> GetServerWeight(string backend, string name)
    {
        string target = ServerTarget(backend, name);
        return new CliRequest<HaproxyServerWeight>($"get weight {target}", false, "Get weight", target, (r, c) =>
        {
            var lines = HaproxyAnswers.GetWeight.Data(r, c);
            string line = lines.Count > 0 ? lines[0] : string.Empty;
            int space = line.IndexOf(' ');
            int open = line.IndexOf("(initial ", StringComparison.Ordinal);
            if (space > 0 && open > 0 &&
                int.TryParse(line.Substring(0, space), NumberStyles.Integer, CultureInfo.InvariantCulture, out int current) &&
                int.TryParse(line.Substring(open + 9).TrimEnd(')'), NumberStyles.Integer, CultureInfo.InvariantCulture, out int initial))
            {
                return new HaproxyServerWeight(backend, name, current, initial);
            }
            throw HaproxyErrorClassifier.ToException(r, c);
        });
    }

    private static CliRequest<CliDone> ServerKeyword(AnswerTable answers, string backend, string name, string keyword, string value, string action)
    {
        string target = ServerTarget(backend, name);
        return ServerSetting(answers, $"set server {target} {keyword} {value}", $"{action} to {value}", target);
    }

    private static CliRequest<CliDone> ServerSetting(AnswerTable answers, string text, string action, string target) =>
        new CliRequest<CliDone>(text, true, action, target, answers.Interpret);
}
