namespace Crema.Core.Advisor;

/// <summary>What one run of a check found: the overall status (the worst item's, green when nothing is flagged) and the flagged items.</summary>
public sealed record AdvisorCheckResult(AdvisorStatus Status, string Summary, IReadOnlyList<AdvisorItem> Items)
{
    /// <summary>A result from flagged items: red if any item is red, else yellow if any is, else green.</summary>
    public static AdvisorCheckResult From(IReadOnlyList<AdvisorItem> items, string greenSummary, string flaggedSummary)
    {
        var status = Worst(items);
        return new AdvisorCheckResult(status, status == AdvisorStatus.Green ? greenSummary : string.Format(System.Globalization.CultureInfo.InvariantCulture, flaggedSummary, items.Count), items);
    }

    /// <summary>A check that cannot judge because the data it needs is missing.</summary>
    public static AdvisorCheckResult NotAvailable(string why) => new(AdvisorStatus.NotAvailable, why, []);

    /// <summary>The sum of the items' monthly savings (items without one count as zero).</summary>
    public decimal TotalMonthlySaving
    {
        get
        {
            decimal sum = 0;
            foreach (var i in Items) sum += i.MonthlySaving ?? 0;
            return sum;
        }
    }

    /// <summary>This result without the excluded items, its status recomputed from what is left (a not-available result stays so).</summary>
    public AdvisorCheckResult WithoutExcluded(IReadOnlySet<string> excludedResourceIds)
    {
        if (Status == AdvisorStatus.NotAvailable || excludedResourceIds.Count == 0) return this;
        var kept = new List<AdvisorItem>(Items.Count);
        foreach (var i in Items)
        {
            if (!excludedResourceIds.Contains(i.ResourceId)) kept.Add(i);
        }

        if (kept.Count == Items.Count) return this;
        var status = Worst(kept);
        return new AdvisorCheckResult(status, status == AdvisorStatus.Green ? "Nothing flagged (some items are excluded)" : Summary, kept);
    }

    private static AdvisorStatus Worst(IReadOnlyList<AdvisorItem> items)
    {
        var worst = AdvisorStatus.Green;
        foreach (var i in items)
        {
            if (i.Status == AdvisorStatus.Red) return AdvisorStatus.Red;
            if (i.Status == AdvisorStatus.Yellow) worst = AdvisorStatus.Yellow;
        }

        return worst;
    }
}
