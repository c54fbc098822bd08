using Fulcrum.Core.Simulation;

namespace Fulcrum.Core.Tests.Simulation;

public class LatencySamplesTests
{
    [Fact]
    public void Mapping_pages_in_from_another_thread_leaves_every_sample_as_written()
    {
        // The drawing thread touches the pages ahead of Add (DrawAhead) while the loop writes: a sample written just
        // before or during a touch must survive it, including across the array's growth.
        var samples = new LatencySamples(expected: 1_000);
        const int Count = 400_000;
        using var done = new ManualResetEventSlim();
        var toucher = new Thread(() =>
        {
            while (!done.IsSet)
            {
                samples.Prefault();
            }
        });
        toucher.Start();
        for (var i = 0; i < Count; i++)
        {
            samples.Add(i + 1);
        }
        done.Set();
        toucher.Join();

        Assert.Equal(Count, samples.Count);
        var median = LatencySamples.Percentiles([samples], [0.5, 1.0]);
        Assert.Equal([TimeSpan.FromTicks(Count / 2), TimeSpan.FromTicks(Count)], median);
        Assert.Equal(Count, LatencySamples.CountAtLeast([samples], 1)); // no sample was reset to 0
        Assert.Equal(TimeSpan.FromTicks((Count + 1) / 2), samples.Mean());
    }
}
