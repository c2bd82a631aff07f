namespace Crema.Server.Notifications;

/// <summary>The kinds of <see cref="AttemptResult"/>.</summary>
internal enum AttemptKind
{
    Delivered,
    Retry,
    Fail,
}
