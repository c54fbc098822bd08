namespace Fulcrum.Journal;

/// <summary>Builds a parameterized WHERE clause for event queries, so no caller value is ever spliced into SQL.</summary>
internal sealed class EventFilter
{
    private readonly List<string> conditions = [];

    public List<(string Name, object? Value)> Parameters { get; } = [];

    public string? Where => conditions.Count == 0 ? null : string.Join(" AND ", conditions);

    public void Add(string condition, string name, object value)
    {
        conditions.Add(condition);
        Parameters.Add((name, value));
    }

    /// <summary>kind IN ($k0, $k1, …); an empty list matches nothing, null matches everything.</summary>
    public void AddKinds(IReadOnlyCollection<string>? kinds)
    {
        if (kinds is null)
        {
            return;
        }
        if (kinds.Count == 0)
        {
            conditions.Add("0");
            return;
        }
        var names = new List<string>(kinds.Count);
        foreach (var kind in kinds)
        {
            var name = "$k" + names.Count;
            names.Add(name);
            Parameters.Add((name, kind));
        }
        conditions.Add($"kind IN ({string.Join(", ", names)})");
    }
}
