namespace HaproxyRuntime.Client.Models;

/// <summary>A frontend as the FRONTEND row of <c>show stat</c> describes it.</summary>
public sealed class HaproxyFrontend : HaproxyObject
{
    public HaproxyFrontend(string name)
    {
        Name = name;
    }

    public string Name { get; }
    public int Id { get; internal set; }

    /// <summary>OPEN, STOP (disabled), FULL...</summary>
    public string? Status { get; internal set; }
    public string? Mode { get; internal set; }
    public long CurrentSessions { get; internal set; }
    public long MaxSessions { get; internal set; }

    /// <summary>The frontend's maxconn (slim).</summary>
    public long SessionLimit { get; internal set; }
    public long TotalSessions { get; internal set; }
    public long RequestsTotal { get; internal set; }
    public long BytesIn { get; internal set; }
    public long BytesOut { get; internal set; }

    public override string ToString() => Name;
}
