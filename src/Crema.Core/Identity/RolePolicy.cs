namespace Crema.Core.Identity;

/// <summary>A named set of statements (a role); the name appears in authorization reasons.</summary>
public sealed record RolePolicy(string RoleName, IReadOnlyList<PolicyStatement> Statements, string Description = "");
