namespace HaproxyRuntime.Client.Models;

/// <summary>A backend as the BACKEND row of <c>show stat</c> describes it.</summary>
public sealed class HaproxyBackend : HaproxyObject
{
    public HaproxyBackend(string name)
    {
        Name = name;
    }

    public string Name { get; }
    public int Id { get; internal set; }

    /// <summary>HAProxy's status text without the publication marker: UP, DOWN...</summary>
    public string? Status { get; internal set; }

    /// <summary>False for a backend added at run time and not yet published (HAProxy shows "(UNPUB)").</summary>
    public bool Published { get; internal set; }
    public string? Mode { get; internal set; }
    public string? Algorithm { get; internal set; }
    public int ActiveServers { get; internal set; }
    public int BackupServers { get; internal set; }
    public long CurrentSessions { get; internal set; }
    public long TotalSessions { get; internal set; }
    public int Weight { get; internal set; }

    public override string ToString() => Name;
}
