using System.Collections.Generic;
using System.Globalization;
using HaproxyRuntime.Client.Answers;
using HaproxyRuntime.Client.Errors;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;
using static HaproxyRuntime.Client.Protocol.ReplyExpectations;

namespace HaproxyRuntime.Client.Requests;

/// <summary>Frontends, live statistics and process-wide limits.</summary>
public static partial class HaproxyRequests
{
    /// <summary>Every frontend with its status and session figures (FRONTEND rows of <c>show stat</c>).</summary>
    /// <remarks>Never the <c>-1 &lt;type&gt; -1</c> filter: HAProxy looks "-1" up as a proxy NAME first, so a backend
    /// named "-1" (a valid name) would make the filtered dump return only that proxy. Rows are filtered here.</remarks>
    public static CliRequest<List<HaproxyFrontend>> GetFrontends() =>
        new CliRequest<List<HaproxyFrontend>>("show stat", false, "List frontends", "frontends",
            (r, c) => StatCsvParser.Frontends(HaproxyAnswers.ShowStat.Data(r, c)), lineParser: StatCsvParser.FrontendParser);

    /// <summary>Reads <c>show stat</c> (unfiltered, see <see cref="GetFrontends"/>) and adds each server row's live
    /// figures to the matching server of <paramref name="servers"/> while the dump arrives; the result is the number
    /// of servers that got figures.</summary>
    public static CliRequest<int> MergeServerStats(IReadOnlyList<HaproxyServer> servers) =>
        new CliRequest<int>("show stat", false, "Read server statistics", "servers",
            (r, c) =>
            {
                var lines = HaproxyAnswers.ShowStat.Data(r, c);
                StatCsvParser.MergeServerStats(servers, lines);
                return servers.Count;
            },
            lineParser: () => StatCsvParser.ServerStatsMergeParser(servers));

    public static CliRequest<CliDone> EnableFrontend(string name) => FrontendVerb("enable frontend", "Enable frontend", name);

    public static CliRequest<CliDone> DisableFrontend(string name) => FrontendVerb("disable frontend", "Disable frontend", name);

    /// <summary><c>shutdown frontend</c>: stops the frontend's listeners for good (until HAProxy reloads); unlike
    /// <c>disable frontend</c>, no command enables it again.</summary>
    public static CliRequest<CliDone> ShutdownFrontend(string name) =>
        FrontendVerb("shutdown frontend", "Shut down frontend (closes its listeners until a reload)", name, HaproxyAnswers.ShutdownFrontend);

    /// <summary><c>enable dynamic-cookie backend</c> / <c>disable dynamic-cookie backend</c>.</summary>
    public static CliRequest<CliDone> SetDynamicCookie(string backend, bool enabled)
    {
        string b = CliArgument.Name(backend, "Name");
        string verb = enabled ? "enable" : "disable";
        return new CliRequest<CliDone>($"{verb} dynamic-cookie backend {b}", true, enabled ? "Enable dynamic cookies" : "Disable dynamic cookies", b,
            HaproxyAnswers.DynamicCookie.Interpret);
    }

    /// <summary><c>set dynamic-cookie-key backend b &lt;key&gt;</c>. The key is a secret: the request shows as
    /// <c>set dynamic-cookie-key backend b ****</c> (<see cref="CliRequest.DisplayText"/>) in -WhatIf, -Verbose and
    /// error messages, and no refusal quotes it.</summary>
    public static CliRequest<CliDone> SetDynamicCookieKey(string backend, string key)
    {
        string b = CliArgument.Name(backend, "Name");
        string k = CliArgument.Escape(key, "DynamicCookieKey");
        var request = new CliRequest<CliDone>($"set dynamic-cookie-key backend {b} {k}", true, "Set dynamic cookie key", b,
            HaproxyAnswers.SetDynamicCookieKey.Interpret);
        request.ShowAs($"set dynamic-cookie-key backend {b} {CliRequest.Mask}");
        return request;
    }

    public static CliRequest<CliDone> SetFrontendMaxConn(string name, int maxConn)
    {
        string n = CliArgument.Name(name, "Name");
        if (maxConn < 0) throw new HaproxyArgumentException("MaxConn", "MaxConn must be 0 or positive.");
        return new CliRequest<CliDone>($"set maxconn frontend {n} {maxConn.ToString(CultureInfo.InvariantCulture)}", true,
            $"Set maxconn to {maxConn}", n, HaproxyAnswers.SetFrontendMaxConn.Interpret);
    }

    /// <summary><c>set maxconn global N</c>.</summary>
    public static CliRequest<CliDone> SetGlobalMaxConn(int maxConn)
    {
        if (maxConn < 0) throw new HaproxyArgumentException("MaxConn", "MaxConn must be 0 or positive.");
        return new CliRequest<CliDone>($"set maxconn global {maxConn.ToString(CultureInfo.InvariantCulture)}", true,
            $"Set maxconn to {maxConn}", "global", HaproxyAnswers.SetGlobalLimit.Interpret);
    }

    /// <summary><c>set rate-limit connections|sessions|ssl-sessions|http-compression global N</c> (0 = no limit).</summary>
    public static CliRequest<CliDone> SetGlobalRateLimit(HaproxyRateLimit limit, int value)
    {
        if (value < 0) throw new HaproxyArgumentException("RateLimit", "A rate limit must be 0 (none) or positive.");
        string kind = limit switch
        {
            HaproxyRateLimit.Connections => "connections",
            HaproxyRateLimit.Sessions => "sessions",
            HaproxyRateLimit.SslSessions => "ssl-sessions",
            HaproxyRateLimit.HttpCompression => "http-compression",
            _ => throw new HaproxyArgumentException("RateLimit", $"Unknown rate limit {limit}."),
        };
        return new CliRequest<CliDone>($"set rate-limit {kind} global {value.ToString(CultureInfo.InvariantCulture)}", true,
            $"Set {kind} rate limit to {value}", "global", HaproxyAnswers.SetGlobalLimit.Interpret);
    }

    private static CliRequest<CliDone> FrontendVerb(string verb, string action, string name, AnswerTable? answers = null)
    {
        string n = CliArgument.Name(name, "Name");
        return new CliRequest<CliDone>($"{verb} {n}", true, action, n, (answers ?? HaproxyAnswers.FrontendSwitch).Interpret);
    }
}

/// <summary>The process-wide rate limits <c>set rate-limit</c> changes.</summary>
public enum HaproxyRateLimit
{
    Connections,
    Sessions,
    SslSessions,
    HttpCompression,
}
