namespace Crema.Core.Alarms;

/// <summary>How an alarm fills the periods that have no datapoint (CloudWatch's TreatMissingData; default <see cref="Missing"/>).</summary>
public enum TreatMissingData
{
    /// <summary>"missing": only real datapoints count; all missing in the evaluation range gives INSUFFICIENT_DATA.</summary>
    Missing,

    /// <summary>"notBreaching": a missing datapoint counts as within the threshold.</summary>
    NotBreaching,

    /// <summary>"breaching": a missing datapoint counts as breaching the threshold.</summary>
    Breaching,

    /// <summary>"ignore": the current state is kept when the missing datapoints would decide it.</summary>
    Ignore,
}
