namespace Fulcrum.Core.Simulation;

/// <summary>Tracks the destination of each key's latest request, cutting a new phase at every scenario event.</summary>
internal sealed class KeyPhaseRecorder
{
    private readonly List<KeyAssignmentPhase> _phases = [];
    private string?[] _current;
    private long _phaseStartTicks;

    public KeyPhaseRecorder(int keyCount) => _current = new string?[keyCount];

    public IReadOnlyList<KeyAssignmentPhase> Phases => _phases;

    public void Assign(int key, string destination)
    {
        if (key >= 0)
        {
            _current[key] = destination;
        }
    }

    /// <summary>Ends the current phase at <paramref name="elapsedTicks"/> and starts an empty one.</summary>
    public void Close(long elapsedTicks)
    {
        _phases.Add(new KeyAssignmentPhase(TimeSpan.FromTicks(_phaseStartTicks), TimeSpan.FromTicks(elapsedTicks), _current));
        _current = new string?[_current.Length];
        _phaseStartTicks = elapsedTicks;
    }
}
