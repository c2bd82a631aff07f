namespace Crema.Storage.Audit;

/// <summary>How many calls (and how many of them failed) one event name had in one time bucket.</summary>
public readonly record struct EventRateBucket(string EventName, long BucketStartMs, long Calls, long Errors);
