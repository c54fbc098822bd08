using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Tests.Balancing;

public sealed class PowerOfTwoPickerTests
{
    [Fact]
    public void With_two_backends_it_never_draws_the_same_one_twice()
    {
        // If both draws could land on the busy backend, it would win some picks; distinct draws never let it.
        var backends = TestBackends.Make(1, 1);
        for (var i = 0; i < 5; i++)
        {
            backends[1].RequestStarted();
        }
        var picker = new PowerOfTwoPicker(new Random(9));
        picker.Update(backends);

        Assert.Equal(["a"], TestBackends.Count(picker, 10_000).Keys);
    }

    [Fact]
    public void The_two_candidates_are_always_distinct_and_weighted()
    {
        var set = WeightedSetFor(TestBackends.Make(8, 1, 1));
        var random = new Random(3);
        var seconds = new int[3];

        for (var i = 0; i < 30_000; i++)
        {
            var first = set.Sample(random, 0);
            var second = set.SampleOther(random, 0, first);
            Assert.NotEqual(first, second);
            if (first == 0)
            {
                seconds[second]++;
            }
        }

        // Given a first draw of a, b and c are equally likely second draws.
        Assert.InRange(seconds[1] / (double)(seconds[1] + seconds[2]), 0.46, 0.54);
    }

    [Fact]
    public void A_pair_from_one_random_number_is_distinct_and_weighted()
    {
        // The hot path draws both candidates from one random number: the first must still follow the weights
        // (8:1:1) and the second, given the first, the weights of the rest.
        var set = WeightedSetFor(TestBackends.Make(8, 1, 1));
        var random = new Random(4);
        var firsts = new int[3];
        var secondsAfterA = new int[3];

        for (var i = 0; i < 50_000; i++)
        {
            var (first, second) = set.SamplePair(random, 0);
            Assert.NotEqual(first, second);
            firsts[first]++;
            if (first == 0)
            {
                secondsAfterA[second]++;
            }
        }

        Assert.InRange(firsts[0] / 50_000.0, 0.79, 0.81);
        Assert.InRange(firsts[1] / (double)(firsts[1] + firsts[2]), 0.47, 0.53);
        Assert.InRange(secondsAfterA[1] / (double)(secondsAfterA[1] + secondsAfterA[2]), 0.48, 0.52);
    }

    [Fact]
    public void The_less_loaded_per_weight_wins()
    {
        var backends = TestBackends.Make(1, 1, 1);
        backends[0].RequestStarted();
        backends[0].RequestStarted();
        var picker = new PowerOfTwoPicker(new Random(5));
        picker.Update(backends);

        // a loses every comparison, so it is never chosen.
        Assert.False(TestBackends.Count(picker, 5_000).ContainsKey("a"));
    }

    [Fact]
    public void Picking_allocates_nothing()
    {
        var picker = new PowerOfTwoPicker(new Random(1));
        picker.Update(TestBackends.Make(5, 1, 1, 3));

        Assert.Equal(0, TestBackends.AllocatedBy(() => RandomPickerTests.PickMany(picker)));
    }

    private static WeightedSet WeightedSetFor(Backend[] backends) => WeightedSet.Build(backends);
}
