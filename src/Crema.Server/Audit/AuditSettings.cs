using System.Text.Json;
using Crema.Client;
using Crema.Client.Contracts;
using Crema.Core.Identity;
using Microsoft.Extensions.Options;

namespace Crema.Server.Audit;

/// <summary>Which data events are recorded, switchable at run time (kept in the server settings so a restart keeps the choice).</summary>
public sealed class AuditSettings(Hosting.StorageHost storage, IOptions<AuditOptions> options)
{
    private const string SettingKey = "audit.dataEvents";

    private volatile State _state = new(options.Value.DataEventsRead, options.Value.DataEventsWrite, []);

    /// <summary>The settings as the API shows them.</summary>
    public AuditSettingsDto Current
    {
        get
        {
            var s = _state;
            return new AuditSettingsDto { DataEventsRead = s.Read, DataEventsWrite = s.Write, DataEventNamespaces = s.Namespaces.Select(p => p.Pattern).ToList() };
        }
    }

    /// <summary>Loads the stored choice, if one was made.</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        var json = await storage.Metadata.Settings.GetAsync(SettingKey, ct).ConfigureAwait(false);
        if (json is null) return;
        var dto = JsonSerializer.Deserialize<AuditSettingsDto>(json, CremaJson.Options);
        if (dto is not null) _state = ToState(dto, _state);
    }

    /// <summary>Changes the settings (fields left null keep their value) and stores them.</summary>
    public async Task<AuditSettingsDto> UpdateAsync(AuditSettingsDto change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var next = ToState(change, _state);
        _state = next;
        var dto = Current;
        await storage.Metadata.Settings.SetAsync(SettingKey, JsonSerializer.Serialize(dto, CremaJson.Options), ct).ConfigureAwait(false);
        return dto;
    }

    /// <summary>Whether a data event of this kind on these resources is recorded.</summary>
    public bool RecordsData(bool readOnly, IReadOnlyList<string> resources)
    {
        var s = _state;
        if (!(readOnly ? s.Read : s.Write)) return false;
        if (s.Namespaces.Count == 0) return true;
        foreach (var resource in resources)
        {
            if (!resource.StartsWith("metrics/", StringComparison.Ordinal)) continue;
            var ns = resource["metrics/".Length..];
            foreach (var pattern in s.Namespaces)
            {
                if (pattern.IsMatch(ns)) return true;
            }
        }

        return false;
    }

    private static State ToState(AuditSettingsDto dto, State old) => new(
        dto.DataEventsRead ?? old.Read,
        dto.DataEventsWrite ?? old.Write,
        dto.DataEventNamespaces is null ? old.Namespaces : dto.DataEventNamespaces.Where(p => !string.IsNullOrEmpty(p)).Select(p => new WildcardPattern(p)).ToList());

    private sealed record State(bool Read, bool Write, IReadOnlyList<WildcardPattern> Namespaces);
}
