namespace HaproxyRuntime.Client.Models;

/// <summary>Base of every object read from HAProxy: it remembers the session it came from, so piping it into the
/// next cmdlet targets the same HAProxy without repeating -Session.</summary>
public abstract class HaproxyObject
{
    /// <summary>The session this object was read through (null for objects built locally).</summary>
    public HaproxySession? Session { get; internal set; }

    /// <summary>Associates an object built locally (e.g. an entry just added) with the session it was sent through.</summary>
    public void AttachTo(HaproxySession session) => Session = session;
}
