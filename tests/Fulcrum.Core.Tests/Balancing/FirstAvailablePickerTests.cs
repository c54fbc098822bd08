using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Tests.Balancing;

public sealed class FirstAvailablePickerTests
{
    [Fact]
    public void Always_the_first_eligible_in_config_order()
    {
        var backends = TestBackends.Make(1, 5, 1);
        var picker = new FirstAvailablePicker();
        picker.Update(backends);

        Assert.Equal(["a"], TestBackends.Count(picker, 100).Keys);

        picker.Update([backends[2], backends[1]]);
        Assert.Equal(["b"], TestBackends.Count(picker, 100).Keys);
    }
}
