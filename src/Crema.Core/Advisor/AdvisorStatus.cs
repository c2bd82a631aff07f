namespace Crema.Core.Advisor;

/// <summary>A check's (or flagged item's) verdict: green is fine, yellow needs a look, red needs action; not available when the data is missing.</summary>
public enum AdvisorStatus
{
    Green,
    Yellow,
    Red,
    NotAvailable,
}
