using Fulcrum.Core.Audit;
using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit;

public class OfferedLoadTests
{
    [Fact]
    public void Is_70_percent_of_the_capacity_of_the_destinations_that_take_traffic()
    {
        var config = Load("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080, capacity: 100 }
                  b: { address: http://10.0.0.6:8080, capacity: 300 }
                  drained: { address: http://10.0.0.7:8080, weight: 0 }
              partial:
                destinations:
                  a: { address: http://10.0.1.5:8080, capacity: 100 }
                  b: { address: http://10.0.1.6:8080 }
            """);

        Assert.Equal(280, OfferedLoad.For(config.FindCluster("web")!)!.Value, 6);
        Assert.Null(OfferedLoad.For(config.FindCluster("partial")!));
    }
}
