namespace Crema.Core.Scaling;

/// <summary>What one policy would do on its own.</summary>
public enum PolicyProposalKind
{
    /// <summary>No alarm: nothing to do (a target-tracking policy is then not ready to scale in).</summary>
    Idle,

    /// <summary>Alarmed, but held back (cooldown, warm-up, already there); the reason says which.</summary>
    Hold,

    ScaleOut,

    ScaleIn,
}
