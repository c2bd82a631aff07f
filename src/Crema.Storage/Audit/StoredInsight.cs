namespace Crema.Storage.Audit;

/// <summary>An unusual call or error rate as stored: <see cref="DetailsJson"/> holds top users, sources and the samples.</summary>
public sealed record StoredInsight(long Id, string EventName, string Kind, DateTimeOffset Start, DateTimeOffset? End, double Baseline, double Observed, string DetailsJson);
