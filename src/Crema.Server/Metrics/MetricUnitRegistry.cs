using System.Collections.Concurrent;
using Crema.Storage.Metadata;

namespace Crema.Server.Metrics;

/// <summary>Remembers each metric's unit; writes to the metadata store only when a unit is new or changes.</summary>
internal sealed class MetricUnitRegistry(Hosting.StorageHost storage, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string, string), string> _units = new();
    private int _loaded;

    public async Task LoadAsync(CancellationToken ct)
    {
        foreach (var m in await storage.Metadata.MetricMetadata.ListAsync(null, ct).ConfigureAwait(false))
            if (m.Unit is not null) _units[(m.Namespace, m.MetricName)] = m.Unit;
        Volatile.Write(ref _loaded, 1);
    }

    public string? Get(string ns, string name) => _units.TryGetValue((ns, name), out var u) ? u : null;

    public async Task RecordAsync(IReadOnlyDictionary<(string Ns, string Name), string> units, CancellationToken ct)
    {
        List<MetricMetadata>? changed = null;
        foreach (var ((ns, name), unit) in units)
        {
            if (_units.TryGetValue((ns, name), out var old) && string.Equals(old, unit, StringComparison.Ordinal)) continue;
            _units[(ns, name)] = unit;
            (changed ??= []).Add(new MetricMetadata(ns, name, unit, null, null, time.GetUtcNow()));
        }
        if (changed is not null) await storage.Metadata.MetricMetadata.UpsertAsync(changed, ct).ConfigureAwait(false);
    }
}
