using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using HaproxyRuntime.Client;

namespace HaproxyRuntime.PowerShell.Completion;

/// <summary>The session(s) a command line being completed would use, found without ever failing.</summary>
internal static class CompletionSessions
{
    /// <summary>The -Session already on the line (PowerShell evaluates a variable there: a session, an array of them,
    /// or a session's Id or Name, as Get-HaproxySession shows them), else the runspace's default; closed sessions and
    /// values that name no open session give nothing.</summary>
    public static IReadOnlyList<HaproxySession> Of(IDictionary? fakeBoundParameters)
    {
        if (fakeBoundParameters != null && fakeBoundParameters.Contains("Session"))
        {
            var found = new List<HaproxySession>();
            foreach (var value in Values(fakeBoundParameters["Session"]))
            {
                var session = Resolve(value);
                if (session != null && !found.Contains(session)) found.Add(session);
            }
            return found;
        }
        return SessionRegistry.Current.Defaults;
    }

    /// <summary>The values of a bound parameter: one, or each of an array, unwrapped from PSObject.</summary>
    public static IEnumerable<object> Values(object? bound)
    {
        bound = bound is PSObject pso ? pso.BaseObject : bound;
        if (bound is null) yield break;
        if (bound is IEnumerable many && !(bound is string))
        {
            foreach (var item in many)
            {
                var value = item is PSObject p ? p.BaseObject : item;
                if (value != null) yield return value;
            }
            yield break;
        }
        yield return bound;
    }

    private static HaproxySession? Resolve(object value)
    {
        switch (value)
        {
            case HaproxySession session:
                return session.IsClosed ? null : session;
            default:
                // An Id or a Name, as -Session's own transformation (SessionTransformationAttribute) reads them.
                return SessionRegistry.Current.Find(value);
        }
    }
}
