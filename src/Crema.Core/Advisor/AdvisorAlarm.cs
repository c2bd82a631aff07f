namespace Crema.Core.Advisor;

/// <summary>An alarm as the advisor sees it: state and since when, how many actions it has, how often it changed state in the last day, and the metric namespaces it watches.</summary>
public sealed record AdvisorAlarm(
    string Name,
    string State,
    DateTimeOffset StateSince,
    int ActionCount,
    int StateChangesLastDay,
    IReadOnlyList<string> Namespaces);
