namespace Crema.Core.Identity;

/// <summary>A known action with what it does and whether it only reads.</summary>
public sealed record ActionInfo(string Name, string Description, bool ReadOnly)
{
    /// <summary>The part before the colon, e.g. "metrics".</summary>
    public string Service => Name[..Name.IndexOf(':', StringComparison.Ordinal)];
}
