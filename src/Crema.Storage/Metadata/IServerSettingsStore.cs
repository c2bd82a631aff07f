namespace Crema.Storage.Metadata;

/// <summary>Small string values the server keeps by key (first-start marker, instance id, …).</summary>
public interface IServerSettingsStore
{
    /// <summary>The value stored under <paramref name="key"/>, or null when none is.</summary>
    Task<string?> GetAsync(string key, CancellationToken ct = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing any previous value.</summary>
    Task SetAsync(string key, string value, CancellationToken ct = default);

    /// <summary>Stores the value only when the key is absent; true when this call stored it (atomic across concurrent callers).</summary>
    Task<bool> TryAddAsync(string key, string value, CancellationToken ct = default);
}
