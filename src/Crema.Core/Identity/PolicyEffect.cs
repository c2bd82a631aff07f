namespace Crema.Core.Identity;

/// <summary>Whether a statement grants or refuses what it matches.</summary>
public enum PolicyEffect
{
    Allow,
    Deny,
}
