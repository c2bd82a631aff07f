namespace Crema.Core.Alarms;

/// <summary>The kinds of alarm history item, as CloudWatch's DescribeAlarmHistory names them.</summary>
public enum AlarmHistoryItemType
{
    ConfigurationUpdate,
    StateUpdate,
    Action,
}
