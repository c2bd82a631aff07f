using System.Text;
using Crema.Client.Contracts;

namespace Crema.Client;

/// <summary>Mute windows: silence alarm actions for a span or on a weekly schedule, list them, delete them.</summary>
public sealed partial class CremaClient
{
    /// <summary>Creates or replaces the mute window named in <paramref name="request"/>.</summary>
    public Task<MuteDto> PutMuteAsync(PutMuteRequest request, CancellationToken ct = default) =>
        SendAsync<MuteDto>(HttpMethod.Post, "api/v1/mutes", request, ct);

    /// <summary>Every mute window, or only those whose patterns match <paramref name="alarmName"/>.</summary>
    public Task<ListMutesResponse> ListMutesAsync(string? alarmName = null, CancellationToken ct = default)
    {
        var q = new StringBuilder("api/v1/mutes?");
        Add(q, "alarmName", alarmName);
        return GetAsync<ListMutesResponse>(q.ToString(), ct);
    }

    /// <summary>One mute window; a 404 <see cref="CremaApiException"/> when there is none of that name.</summary>
    public Task<MuteDto> GetMuteAsync(string name, CancellationToken ct = default) => GetAsync<MuteDto>(MutePath(name), ct);

    /// <summary>Deletes a mute window: the alarms it matched run their actions again.</summary>
    public Task DeleteMuteAsync(string name, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, MutePath(name), null, ct);

    private static string MutePath(string name) => "api/v1/mutes/" + Segment(name);
}
