using Crema.Core.Advisor;
using static Crema.Core.Tests.Advisor.Snapshots;

namespace Crema.Core.Tests.Advisor;

public class AdvisorFrameworkTests
{
    [Fact]
    public void There_are_at_least_12_checks_with_unique_ids_covering_every_pillar_and_each_has_words()
    {
        var all = AdvisorChecks.All;
        Assert.True(all.Count >= 12, $"{all.Count} checks");
        Assert.Equal(all.Count, all.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enum.GetValues<AdvisorPillar>().Order(), all.Select(c => c.Pillar).Distinct().Order());
        Assert.All(all, c => Assert.False(string.IsNullOrWhiteSpace(c.Name) || string.IsNullOrWhiteSpace(c.Description) || string.IsNullOrWhiteSpace(c.Criteria), c.Id));
        Assert.All(all, c => Assert.Same(c, AdvisorChecks.Find(c.Id)));
        Assert.Null(AdvisorChecks.Find("no-such-check"));
    }

    [Fact]
    public void Every_check_is_green_or_not_available_on_an_empty_snapshot()
    {
        foreach (var c in AdvisorChecks.All)
        {
            var r = c.Evaluate(Empty);
            Assert.True(r.Status is AdvisorStatus.Green or AdvisorStatus.NotAvailable, $"{c.Id}: {r.Status}");
            Assert.Empty(r.Items);
        }
    }

    [Fact]
    public void Excluding_items_recomputes_the_status_from_what_is_left()
    {
        var r = AdvisorCheckResult.From(
            [new("a", AdvisorStatus.Red, "d", "act", 10m, "EUR"), new("b", AdvisorStatus.Yellow, "d", "act", 5m, "EUR")], "fine", "{0} flagged");
        Assert.Equal((AdvisorStatus.Red, "2 flagged", 15m), (r.Status, r.Summary, r.TotalMonthlySaving));
        var withoutA = r.WithoutExcluded(new HashSet<string> { "a" });
        Assert.Equal((AdvisorStatus.Yellow, 5m), (withoutA.Status, withoutA.TotalMonthlySaving));
        Assert.Equal(AdvisorStatus.Green, r.WithoutExcluded(new HashSet<string> { "a", "b" }).Status);
        Assert.Same(r, r.WithoutExcluded(new HashSet<string> { "zzz" }));
    }
}
