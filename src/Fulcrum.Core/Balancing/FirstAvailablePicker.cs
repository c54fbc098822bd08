namespace Fulcrum.Core.Balancing;

/// <summary>
/// HAProxy's "first": always the first eligible destination in config order, the rest are spares. The eligible
/// list comes in config order, so the first entry is the answer.
/// </summary>
internal sealed class FirstAvailablePicker : IPicker
{
    private Backend[] _eligible = [];

    public void Update(IReadOnlyList<Backend> eligible) =>
        Volatile.Write(ref _eligible, [.. eligible.OrderBy(b => b.Index)]);

    public Backend Pick(in PickContext context) => Volatile.Read(ref _eligible)[0];
}
