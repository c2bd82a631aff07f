namespace Crema.Server.Notifications;

/// <summary>How one attempt went: delivered, worth retrying, or refused for good.</summary>
internal readonly record struct AttemptResult(AttemptKind Kind, string? Error)
{
    public static AttemptResult Delivered { get; } = new(AttemptKind.Delivered, null);

    public static AttemptResult Retry(string error) => new(AttemptKind.Retry, error);

    public static AttemptResult Fail(string error) => new(AttemptKind.Fail, error);
}
