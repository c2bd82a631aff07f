using Crema.Core.Audit;

namespace Crema.Storage.Audit;

/// <summary>One event to append, with the resources it touched (indexed for lookup).</summary>
public sealed record AuditAppend(StoredAuditEvent Event, IReadOnlyList<string> Resources);
