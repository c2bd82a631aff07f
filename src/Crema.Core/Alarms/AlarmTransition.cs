namespace Crema.Core.Alarms;

/// <summary>
/// The result of a state-machine step: the status to store, whether the state changed, the history items to append
/// and the actions to run (already filtered by ActionsEnabled; empty unless the state changed).
/// </summary>
public sealed record AlarmTransition(
    AlarmStatus Status,
    bool Changed,
    IReadOnlyList<AlarmHistoryItem> History,
    IReadOnlyList<string> ActionsToRun);
