namespace Crema.Core.Alarms;

/// <summary>One entry of an alarm's history: a summary for people and CloudWatch-style JSON data for machines.</summary>
public sealed record AlarmHistoryItem(
    string AlarmName,
    DateTimeOffset Timestamp,
    AlarmHistoryItemType Type,
    string Summary,
    string DataJson);
