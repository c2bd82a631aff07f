namespace Crema.Storage.Metadata;

/// <summary>Reads and writes <see cref="MetricMetadata"/> keyed by (namespace, metric name).</summary>
public interface IMetricMetadataStore
{
    /// <summary>
    /// Inserts or updates all items in one transaction. On an existing metric only non-null fields
    /// overwrite; <see cref="MetricMetadata.UpdatedAt"/> is set from the store's clock, and only when a
    /// field actually changes (re-sending identical metadata writes nothing). Later items in the same
    /// batch win over earlier ones.
    /// </summary>
    Task UpsertAsync(IReadOnlyList<MetricMetadata> items, CancellationToken ct = default);

    /// <summary>The metadata of one metric, or null when none was ever stored.</summary>
    Task<MetricMetadata?> GetAsync(string ns, string metricName, CancellationToken ct = default);

    /// <summary>All metadata in one namespace, or in every namespace when <paramref name="ns"/> is null, ordered ordinally by namespace then metric name.</summary>
    Task<IReadOnlyList<MetricMetadata>> ListAsync(string? ns, CancellationToken ct = default);
}
