using Crema.Client.Contracts;
using Crema.Core.Scaling;

namespace Crema.Server.Scaling;

/// <summary>A scheduled action in memory, with when it last ran.</summary>
internal sealed class ActionEntry(PutScheduledActionRequest request, ScheduledAction action, DateTimeOffset created, DateTimeOffset updated)
{
    public PutScheduledActionRequest Request { get; } = request;

    public ScheduledAction Action { get; } = action;

    public DateTimeOffset CreatedAt { get; } = created;

    public DateTimeOffset UpdatedAt { get; } = updated;

    public DateTimeOffset? LastRunAt { get; set; }
}
