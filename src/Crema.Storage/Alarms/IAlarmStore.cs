namespace Crema.Storage.Alarms;

/// <summary>Metric alarms and their history (an alarm's history outlives the alarm, as in CloudWatch).</summary>
public interface IAlarmStore
{
    /// <summary>
    /// Raised after each committed write (alarms, states, history), on the writer's thread, so a reader of
    /// the history (the live stream) can look at once instead of polling. Handlers must be quick and not throw.
    /// </summary>
    event Action? Changed;

    Task<IReadOnlyList<AlarmRecord>> ListAsync(CancellationToken ct = default);

    /// <summary>Creates or replaces an alarm (state and all) and appends history in one transaction.</summary>
    Task SaveAsync(AlarmRecord alarm, IReadOnlyList<AlarmHistoryRecord> history, CancellationToken ct = default);

    /// <summary>Updates only the state (and appends history); false when the alarm no longer exists.</summary>
    Task<bool> SaveStateAsync(string name, string state, string reason, string? reasonData, DateTimeOffset at, IReadOnlyList<AlarmHistoryRecord> history,
        CancellationToken ct = default);

    /// <summary>Stores many state changes (and their history) in one transaction; alarms deleted meanwhile are skipped.</summary>
    Task SaveStatesAsync(IReadOnlyList<AlarmStateUpdate> updates, CancellationToken ct = default);

    Task<bool> DeleteAsync(string name, AlarmHistoryRecord? history, CancellationToken ct = default);

    Task AppendHistoryAsync(IReadOnlyList<AlarmHistoryRecord> history, CancellationToken ct = default);

    Task<IReadOnlyList<CompositeAlarmRecord>> ListCompositesAsync(CancellationToken ct = default);

    /// <summary>Creates or replaces a composite alarm and appends history in one transaction.</summary>
    Task SaveCompositeAsync(CompositeAlarmRecord alarm, IReadOnlyList<AlarmHistoryRecord> history, CancellationToken ct = default);

    Task<bool> DeleteCompositeAsync(string name, AlarmHistoryRecord? history, CancellationToken ct = default);

    /// <summary>History newest first, optionally of one alarm and type, below <paramref name="beforeId"/>.</summary>
    Task<IReadOnlyList<AlarmHistoryRecord>> HistoryAsync(string? alarmName, string? type, DateTimeOffset? from, DateTimeOffset? to, long? beforeId, int limit,
        CancellationToken ct = default);
}
