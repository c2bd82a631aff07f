namespace Crema.Core.Alarms;

/// <summary>The outcome of one evaluation: the new state, whether it changed, and the reason in words and as data.</summary>
/// <remarks><c>Breaching</c>: How many evaluated datapoints breached, counting filled missing ones treated as breaching. <c>Evaluated</c>: How many datapoints were evaluated, counting filled ones. <c>Filled</c>: How many missing datapoints were filled by the treat-missing-data setting.</remarks>
public sealed record AlarmEvaluation(
    AlarmState State,
    AlarmState PreviousState,
    string Reason,
    AlarmReasonData ReasonData,
    AlarmDecision Decision,
    int Breaching,
    int Evaluated,
    int Filled)
{
    /// <summary>True when <see cref="State"/> differs from <see cref="PreviousState"/>: record history and run actions only then.</summary>
    public bool Changed => State != PreviousState;

    /// <summary>The reason data as CloudWatch-style JSON (StateReasonData).</summary>
    public string ReasonDataJson => ReasonData.ToJson();
}
