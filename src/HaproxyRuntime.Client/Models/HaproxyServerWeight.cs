namespace HaproxyRuntime.Client.Models;

/// <summary><c>get weight</c>: the server's current and initial weight.</summary>
public sealed class HaproxyServerWeight : HaproxyObject
{
    public HaproxyServerWeight(string backend, string name, int weight, int initialWeight)
    {
        Backend = backend;
        Name = name;
        Weight = weight;
        InitialWeight = initialWeight;
    }

    public string Backend { get; }
    public string Name { get; }
    public int Weight { get; }
    public int InitialWeight { get; }

    public override string ToString() => $"{Backend}/{Name} {Weight} (initial {InitialWeight})";
}
