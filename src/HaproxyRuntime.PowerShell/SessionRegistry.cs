using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using HaproxyRuntime.Client;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// The sessions opened in one runspace, and which of them is the default. Kept per runspace (not in a global
/// variable) so two runspaces in one process never pick each other's default; a session object itself can still be
/// handed to another runspace explicitly (e.g. <c>$using:session</c>).
/// </summary>
internal sealed class SessionRegistry
{
    private static readonly ConditionalWeakTable<Runspace, SessionRegistry> PerRunspace = new ConditionalWeakTable<Runspace, SessionRegistry>();
    private static readonly SessionRegistry NoRunspace = new SessionRegistry();
    // Every runspace's sessions, weakly: a runspace that ends without Disconnect-Haproxy must not keep its sessions alive.
    private static readonly List<WeakReference<HaproxySession>> InProcess = new List<WeakReference<HaproxySession>>();
    private readonly object _lock = new object();
    private readonly List<HaproxySession> _sessions = new List<HaproxySession>();
    // The default set: what cmdlets use without -Session. One session, or every node one Connect-Haproxy opened.
    private readonly List<HaproxySession> _defaults = new List<HaproxySession>();
    private int _lastId;

    public static SessionRegistry Current
    {
        get
        {
            var runspace = Runspace.DefaultRunspace;
            return runspace is null ? NoRunspace : PerRunspace.GetValue(runspace, _ => new SessionRegistry());
        }
    }

    /// <summary>The open sessions of the default set, in the order they were opened (empty when none).</summary>
    public IReadOnlyList<HaproxySession> Defaults
    {
        get { lock (_lock) return _defaults.Where(s => !s.IsClosed).ToList(); }
    }

    /// <summary>The first open session of the default set, or null.</summary>
    public HaproxySession? Default
    {
        get { lock (_lock) return _defaults.FirstOrDefault(s => !s.IsClosed); }
    }

    /// <summary>Registers a session. <paramref name="makeDefault"/>: it becomes the default set on its own, or, with
    /// <paramref name="joinDefault"/> (the second and later endpoints of one Connect-Haproxy), joins the set.</summary>
    public void Add(HaproxySession session, bool makeDefault, bool joinDefault = false)
    {
        lock (_lock)
        {
            _sessions.Add(session);
            if (session.Id > _lastId) _lastId = session.Id;
            if (makeDefault)
            {
                if (!joinDefault) _defaults.Clear();
                _defaults.Add(session);
            }
        }
        lock (InProcess)
        {
            InProcess.RemoveAll(weak => !weak.TryGetTarget(out var known) || known.IsClosed);
            InProcess.Add(new WeakReference<HaproxySession>(session));
        }
    }

    /// <summary>The number the next session of this runspace gets: 1 for the first, then one more than the highest
    /// given (a connection that fails uses none).</summary>
    public int NextId
    {
        get { lock (_lock) return _lastId + 1; }
    }

    /// <summary>A name no open session of this runspace has (nor any of <paramref name="alsoTaken"/>, names given to
    /// sessions still connecting): <paramref name="wanted"/>, or with " (2)", " (3)"... when another session to the same
    /// endpoint already carries it.</summary>
    public string UniqueName(string wanted, IEnumerable<string>? alsoTaken = null)
    {
        lock (_lock)
        {
            var taken = new HashSet<string>(_sessions.Where(s => !s.IsClosed).Select(s => s.Name), StringComparer.OrdinalIgnoreCase);
            if (alsoTaken != null) taken.UnionWith(alsoTaken);
            if (!taken.Contains(wanted)) return wanted;
            for (int n = 2; ; n++)
            {
                string candidate = $"{wanted} ({n})";
                if (!taken.Contains(candidate)) return candidate;
            }
        }
    }

    /// <summary>A session's Id as a user may give it: a whole number, or a string of digits; null for anything else.</summary>
    public static int? AsId(object? value) => value switch
    {
        int _ or long _ or short _ or byte _ => Convert.ToInt32(value, CultureInfo.InvariantCulture),
        string text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int id) => id,
        _ => null,
    };

    /// <summary>The open session an Id or a Name (as <see cref="AsId"/> and <see cref="Named"/> read them) names, or null.</summary>
    public HaproxySession? Find(object? value) => AsId(value) is int id ? WithId(id) : value is string name && name.Length > 0 ? Named(name) : null;

    /// <summary>The open session with this Id, or null.</summary>
    public HaproxySession? WithId(int id)
    {
        lock (_lock) return _sessions.FirstOrDefault(s => !s.IsClosed && s.Id == id);
    }

    /// <summary>The open session named <paramref name="name"/> (case-insensitive), or null.</summary>
    public HaproxySession? Named(string name)
    {
        lock (_lock) return _sessions.FirstOrDefault(s => IsOpenAndNamed(s, name));
    }

    /// <summary>What a name (as -Session takes it) finds: an open session of that name, case-insensitive.</summary>
    private static bool IsOpenAndNamed(HaproxySession session, string name) =>
        !session.IsClosed && string.Equals(session.Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The one open session named <paramref name="name"/> in any runspace of this process, or null (none, or
    /// several). Objects handed to another runspace (ForEach-Object -Parallel, Start-ThreadJob) name their session;
    /// this finds it there, as the session object itself used to travel with them.</summary>
    public static HaproxySession? InProcessNamed(string name)
    {
        var found = new List<HaproxySession>();
        lock (InProcess)
        {
            foreach (var weak in InProcess)
            {
                if (weak.TryGetTarget(out var session) && IsOpenAndNamed(session, name))
                {
                    found.Add(session);
                }
            }
        }
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>Forgets a session; when it was the last of the default set, the most recently opened remaining one
    /// becomes default, so closing one of several sessions does not leave the user without any.</summary>
    public void Remove(HaproxySession session)
    {
        lock (_lock)
        {
            _sessions.Remove(session);
            _defaults.Remove(session);
            _defaults.RemoveAll(s => s.IsClosed);
            if (_defaults.Count == 0 && _sessions.LastOrDefault(s => !s.IsClosed) is { } last) _defaults.Add(last);
        }
    }

    public IReadOnlyList<HaproxySession> All
    {
        get { lock (_lock) return _sessions.Where(s => !s.IsClosed).ToList(); }
    }

    public bool IsDefault(HaproxySession session)
    {
        lock (_lock) return _defaults.Contains(session);
    }
}
