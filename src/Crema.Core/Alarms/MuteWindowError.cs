namespace Crema.Core.Alarms;

/// <summary>Why a mute window was refused: the field (as the API names it) and the rule it broke.</summary>
public sealed record MuteWindowError(string Field, string Rule);
