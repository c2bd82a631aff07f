namespace Crema.Server.Security;

/// <summary>How an endpoint is authenticated, authorised and audited (endpoint metadata).</summary>
/// <param name="EventName">The audit event name (CloudTrail style: PutMetricData, CreateUser).</param>
/// <param name="Action">The permission checked before the endpoint runs (service:Verb); null: none (public, or any signed-in caller acting on itself).</param>
/// <param name="ResourceTemplate">The resource checked, with {route} values filled in; null: the endpoint checks its resources itself and the middleware only checks that some resource allows the action.</param>
/// <param name="ReadOnly">A read (audit lookups can filter reads out).</param>
/// <param name="DataEvent">A metric read or write: recorded only when data events are switched on (refusals always are).</param>
/// <param name="IsPublic">Needs no identity at all (health, sign-in).</param>
public sealed record CremaOperation(string EventName, string? Action, string? ResourceTemplate, bool ReadOnly, bool DataEvent, bool IsPublic);
