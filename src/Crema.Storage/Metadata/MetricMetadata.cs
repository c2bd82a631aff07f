namespace Crema.Storage.Metadata;

/// <summary>What is known about one metric besides its samples.</summary>
/// <param name="Namespace">CloudWatch namespace; Prometheus-sourced metrics use the namespace the ingestion path assigns.</param>
/// <param name="MetricName">Metric name, compared ordinally.</param>
/// <param name="Unit">CloudWatch unit (Seconds, Count, …) or Prometheus unit; null when unknown.</param>
/// <param name="Type">Prometheus metric type name (counter, gauge, histogram, summary, …); null when unknown.</param>
/// <param name="Help">Free-text description; null when unknown.</param>
/// <param name="UpdatedAt">When a field last changed (milliseconds precision); stamped by the store, ignored on input.</param>
public sealed record MetricMetadata(string Namespace, string MetricName, string? Unit, string? Type, string? Help, DateTimeOffset UpdatedAt);
