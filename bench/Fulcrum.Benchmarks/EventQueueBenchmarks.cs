using BenchmarkDotNet.Attributes;
using Fulcrum.Core.Simulation;

namespace Fulcrum.Benchmarks;

/// <summary>
/// The simulator's event queue in the "hold" model a run puts it through: take the first event out, schedule one
/// later by an exponential delay (a completion), with <see cref="Pending"/> events waiting (about 21 for the default
/// 3-destination scenario, about 7,000 at 1,000 destinations). The radix heap (<see cref="EventQueue"/>) against
/// the BCL's 4-ary <see cref="PriorityQueue{TElement, TPriority}"/> keyed the same way, (time, sequence).
/// Run: dotnet run -c Release --project bench/Fulcrum.Benchmarks -- --filter '*EventQueueBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class EventQueueBenchmarks
{
    private const int Holds = 4096;

    private readonly long[] _delays = new long[Holds];
    private EventQueue _queue = null!;
    private PriorityQueue<SimEvent, EventKey> _reference = null!;
    private long _seq;

    [Params(21, 7000)]
    public int Pending { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Exponential service times of 10 ms in ticks (the default behavior), drawn once: the draws are not measured.
        var random = new Random(1);
        for (var i = 0; i < Holds; i++)
        {
            _delays[i] = (long)(-Math.Log(1 - random.NextDouble()) * 100_000);
        }
        _queue = new EventQueue();
        _reference = new PriorityQueue<SimEvent, EventKey>();
        for (var i = 0; i < Pending; i++)
        {
            var time = _delays[i % Holds] + i;
            _seq++;
            _queue.Enqueue(new SimEvent(SimEventKind.Completion, i, 0, false, _seq), time, _seq);
            _reference.Enqueue(new SimEvent(SimEventKind.Completion, i, 0, false, _seq), new EventKey(time, _seq));
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Holds)]
    public long FourAryHeap()
    {
        long sum = 0;
        for (var i = 0; i < Holds; i++)
        {
            _reference.TryDequeue(out var simEvent, out var key);
            _reference.Enqueue(simEvent, new EventKey(key.Time + _delays[i], ++_seq));
            sum += simEvent.Target;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Holds)]
    public long RadixHeap()
    {
        long sum = 0;
        for (var i = 0; i < Holds; i++)
        {
            _queue.TryDequeue(out var simEvent, out var time);
            _queue.Enqueue(simEvent, time + _delays[i], ++_seq);
            sum += simEvent.Target;
        }
        return sum;
    }
}
