namespace Crema.Storage.Metadata;

/// <summary>The whole metadata store (everything except samples); each kind of record has its own store here.</summary>
public interface IMetadataDatabase : IAsyncDisposable
{
    IMetricMetadataStore MetricMetadata { get; }

    IServerSettingsStore Settings { get; }

    /// <summary>Users, roles, API keys and sessions.</summary>
    Identity.IIdentityStore Identity { get; }

    /// <summary>Metric alarms and their history.</summary>
    Alarms.IAlarmStore Alarms { get; }

    /// <summary>Mute windows that silence alarm actions.</summary>
    Alarms.IMuteStore Mutes { get; }

    /// <summary>Notification topics, subscriptions and the delivery queue.</summary>
    Notifications.INotificationStore Notifications { get; }

    /// <summary>The schema version the database had once opened (the latest migration applied).</summary>
    int SchemaVersion { get; }
}
