namespace Crema.Storage.Notifications;

/// <summary>Where a delivery stands; stored by name.</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting for its first or next attempt.</summary>
    Pending,

    /// <summary>The endpoint accepted it.</summary>
    Delivered,

    /// <summary>Refused for good, or out of attempts.</summary>
    Failed,
}
