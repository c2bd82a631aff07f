namespace Crema.Server.Notifications;

/// <summary>The notification feature's log messages (event ids 3000–3019); endpoints appear only redacted.</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(3000, LogLevel.Information, "Notification on topic {Topic} ({Label}): {Subject}: {Text}")]
    public static partial void LogProtocol(ILogger logger, string topic, string label, string subject, string text);

    [LoggerMessage(3001, LogLevel.Debug, "Delivery {DeliveryId} to {Protocol} {Endpoint} delivered after {Attempts} attempt(s)")]
    public static partial void Delivered(ILogger logger, long deliveryId, string protocol, string endpoint, int attempts);

    [LoggerMessage(3002, LogLevel.Information, "Delivery {DeliveryId} to {Protocol} {Endpoint} attempt {Attempts} failed, retrying at {NextAttempt}: {Error}")]
    public static partial void WillRetry(ILogger logger, long deliveryId, string protocol, string endpoint, int attempts, DateTimeOffset nextAttempt, string error);

    [LoggerMessage(3003, LogLevel.Warning, "Delivery {DeliveryId} to {Protocol} {Endpoint} failed after {Attempts} attempt(s): {Error}")]
    public static partial void Failed(ILogger logger, long deliveryId, string protocol, string endpoint, int attempts, string error);

    [LoggerMessage(3004, LogLevel.Error, "The notification delivery loop failed; it carries on")]
    public static partial void LoopFailed(ILogger logger, Exception ex);

    [LoggerMessage(3005, LogLevel.Error, "A handler of NotificationPublisher.Delivered failed for delivery {DeliveryId}")]
    public static partial void HandlerFailed(ILogger logger, Exception ex, long deliveryId);

    [LoggerMessage(3007, LogLevel.Debug, "Deleted {Count} finished notification deliveries older than {Before}")]
    public static partial void Pruned(ILogger logger, int count, DateTimeOffset before);
}
