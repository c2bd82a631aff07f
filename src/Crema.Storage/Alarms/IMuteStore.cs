namespace Crema.Storage.Alarms;

/// <summary>Mute windows (which alarms' actions are silenced, and when).</summary>
public interface IMuteStore
{
    /// <summary>Every window, by name.</summary>
    Task<IReadOnlyList<MuteRecord>> ListAsync(CancellationToken ct = default);

    /// <summary>Creates or replaces a window (a replaced one keeps its creation time); true when it is new.</summary>
    Task<bool> SaveAsync(MuteRecord mute, CancellationToken ct = default);

    /// <summary>Deletes a window; false when there was none of that name.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken ct = default);
}
