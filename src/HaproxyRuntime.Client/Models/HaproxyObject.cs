namespace HaproxyRuntime.Client.Models;

/// <summary>Base of every object read from HAProxy: it remembers the session it came from, so piping it into the
/// next cmdlet targets the same HAProxy without repeating -Session.</summary>
public abstract class HaproxyObject
{
    private HaproxySession? _session;

    /// <summary>The session this object was read through (null for objects built locally). A method, not a
    /// property: serializers walk properties, and a session carried as one would be copied whole into every object
    /// (50,000 map entries became 31 MB of JSON). PowerShell shows the session's name as a Session property.</summary>
    public HaproxySession? GetSession() => _session;

    /// <summary>Associates an object built locally (e.g. an entry just added) with the session it was sent through.</summary>
    public void AttachTo(HaproxySession session) => AttachTo(session, session.ProcessId);

    internal void AttachTo(HaproxySession session, int? answeredBy)
    {
        _session = session;
        AnsweredBy = answeredBy;
    }

    /// <summary>The PID of the HAProxy process that answered (the session's worker when the object was read): after a
    /// reload, or through a master CLI session routed to an old worker, it tells which process the object describes.</summary>
    public int? AnsweredBy { get; private set; }
}
