using Fulcrum.Journal;

namespace Fulcrum.Tests.Journal;

/// <summary>Bounding an event: the usual event is stored as it is; any one over-long field is cut, the rest kept.</summary>
public sealed class JournalTextTests
{
    [Fact]
    public void An_event_whose_fields_all_fit_is_returned_as_it_is()
    {
        var e = JournalEvent.Create(EventKinds.ConfigApplied, "applied", "web", "a", details: new string('d', JournalText.MaxDetailsChars));

        Assert.Same(e, JournalText.BoundEvent(e));
    }

    [Theory]
    [InlineData("cluster")]
    [InlineData("destination")]
    [InlineData("summary")]
    [InlineData("details")]
    public void One_field_over_its_cap_is_cut_with_the_marker_and_the_others_are_kept(string field)
    {
        var longText = new string('x', JournalText.MaxDetailsChars + 1);
        // Set after Create, which caps summary and details itself: BoundEvent is what the journal applies on insert.
        var fits = JournalEvent.Create(EventKinds.ConfigApplied, "applied", "web", "a", details: "{}") with { AlertId = "alert-1" };
        var e = field switch
        {
            "cluster" => fits with { Cluster = longText },
            "destination" => fits with { Destination = longText },
            "summary" => fits with { Summary = longText },
            _ => fits with { Details = longText },
        };

        var bounded = JournalText.BoundEvent(e);

        Assert.NotSame(e, bounded);
        var (cut, max) = field switch
        {
            "cluster" => (bounded.Cluster, JournalText.MaxNameChars),
            "destination" => (bounded.Destination, JournalText.MaxNameChars),
            "summary" => (bounded.Summary, JournalText.MaxSummaryChars),
            _ => (bounded.Details, JournalText.MaxDetailsChars),
        };
        Assert.True(cut!.Length <= max, $"{field}: {cut.Length} > {max}");
        Assert.Contains(JournalText.TruncatedMarker, cut, StringComparison.Ordinal);
        Assert.Equal(e with { Cluster = bounded.Cluster, Destination = bounded.Destination, Summary = bounded.Summary, Details = bounded.Details }, bounded);
    }
}
