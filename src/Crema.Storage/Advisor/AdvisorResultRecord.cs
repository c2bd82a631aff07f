namespace Crema.Storage.Advisor;

/// <summary>One stored run of one check: its status, summary and flagged items (JSON, as the server wrote them).</summary>
public sealed record AdvisorResultRecord(long Id, string CheckId, string Status, string Summary, string ItemsJson, DateTimeOffset RanAt);
