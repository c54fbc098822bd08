using Fulcrum.Hosting;

namespace Fulcrum.Tests.Admin;

/// <summary>Who is journaled as having changed a config: the named token wins over a claim; claims carry their address.</summary>
public sealed class ConfigActorTests
{
    [Fact]
    public void A_named_token_is_who_acted_and_the_claimed_user_rides_along()
    {
        Assert.Equal("ops-team (admin token), user alice", ConfigActor.FromCaller("ops-team", "alice", "10.0.0.7", null).Who);
        Assert.Equal("ops-team (admin token)", ConfigActor.FromCaller("ops-team", null, "10.0.0.7", null).Who);
    }

    [Fact]
    public void Without_a_named_token_the_claim_and_the_address_are_recorded()
    {
        Assert.Equal("alice from 127.0.0.1", ConfigActor.FromCaller(null, "alice", "127.0.0.1", null).Who);
        Assert.Equal("127.0.0.1", ConfigActor.FromCaller(null, " ", "127.0.0.1", null).Who);
        Assert.Equal("unknown caller", ConfigActor.FromCaller(null, null, null, null).Who);
    }

    [Fact]
    public void Reasons_are_one_bounded_line_and_describe_quotes_them()
    {
        var actor = ConfigActor.FromCaller(null, "al\u001b[31mice", "127.0.0.1", "line one\nline two\u0007");

        Assert.Equal("al [31mice from 127.0.0.1", actor.Who);
        Assert.Equal("line one line two", actor.Reason);
        Assert.Equal("by al [31mice from 127.0.0.1, reason: \"line one line two\"", actor.Describe());
        Assert.Equal(ConfigActor.MaxReason, ConfigActor.FromCaller(null, "x", null, new string('r', 5000)).Reason!.Length);
        Assert.Null(ConfigActor.FromCaller(null, "x", null, "   ").Reason);
    }
}
