namespace Crema.Server.Notifications;

/// <summary>The notification feature's log messages (event ids 3500–3519); endpoints appear only redacted.</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(3500, LogLevel.Information, "Notification on topic {Topic} ({Label}): {Subject}: {Text}")]
    public static partial void LogProtocol(ILogger logger, string topic, string label, string subject, string text);

    [LoggerMessage(3501, LogLevel.Debug, "Delivery {DeliveryId} to {Protocol} {Endpoint} delivered after {Attempts} attempt(s)")]
    public static partial void Delivered(ILogger logger, long deliveryId, string protocol, string endpoint, int attempts);

    [LoggerMessage(3502, LogLevel.Information, "Delivery {DeliveryId} to {Protocol} {Endpoint} attempt {Attempts} failed, retrying at {NextAttempt}: {Error}")]
    public static partial void WillRetry(ILogger logger, long deliveryId, string protocol, string endpoint, int attempts, DateTimeOffset nextAttempt, string error);

    [LoggerMessage(3503, LogLevel.Warning, "Delivery {DeliveryId} to {Protocol} {Endpoint} failed after {Attempts} attempt(s): {Error}")]
    public static partial void Failed(ILogger logger, long deliveryId, string protocol, string endpoint, int attempts, string error);

    [LoggerMessage(3504, LogLevel.Error, "The notification delivery loop failed; it carries on")]
    public static partial void LoopFailed(ILogger logger, Exception ex);

    [LoggerMessage(3505, LogLevel.Error, "A handler of NotificationPublisher.Delivered failed for delivery {DeliveryId}")]
    public static partial void HandlerFailed(ILogger logger, Exception ex, long deliveryId);

    [LoggerMessage(3507, LogLevel.Debug, "Deleted {Count} finished notification deliveries older than {Before}")]
    public static partial void Pruned(ILogger logger, int count, DateTimeOffset before);
}
