namespace Crema.Core.Identity;

/// <summary>
/// Checks role statements before they are stored; the first problem comes back as
/// "field path: rule", e.g. <c>statements[1].actions[0]: "metrics" is not service:Verb</c>.
/// </summary>
public static class PolicyValidation
{
    /// <summary>Most statements a role may hold.</summary>
    public const int MaxStatements = 100;

    /// <summary>Most action or resource patterns one statement may hold.</summary>
    public const int MaxPatterns = 100;

    /// <summary>Longest pattern accepted.</summary>
    public const int MaxPatternLength = 512;

    /// <summary>Null when the statements are valid, otherwise the first problem.</summary>
    public static string? Validate(IReadOnlyList<PolicyStatement> statements)
    {
        if (statements is null || statements.Count == 0) return "statements: at least one statement is required";
        if (statements.Count > MaxStatements) return $"statements: at most {MaxStatements} statements are allowed";
        for (var i = 0; i < statements.Count; i++)
        {
            var error = Validate(statements[i], $"statements[{i}]");
            if (error is not null) return error;
        }
        return null;
    }

    private static string? Validate(PolicyStatement? statement, string path)
    {
        if (statement is null) return $"{path}: must not be null";
        if (!Enum.IsDefined(statement.Effect)) return $"{path}.effect: must be Allow or Deny";
        var error = CheckList(statement.Actions, $"{path}.actions", "action");
        if (error is not null) return error;
        for (var i = 0; i < statement.Actions.Count; i++)
        {
            error = ValidateAction(statement.Actions[i], $"{path}.actions[{i}]");
            if (error is not null) return error;
        }
        error = CheckList(statement.Resources, $"{path}.resources", "resource");
        if (error is not null) return error;
        for (var i = 0; i < statement.Resources.Count; i++)
        {
            error = ValidateResource(statement.Resources[i], $"{path}.resources[{i}]");
            if (error is not null) return error;
        }
        return null;
    }

    private static string? CheckList(IReadOnlyList<string>? list, string path, string what)
    {
        if (list is null || list.Count == 0) return $"{path}: at least one {what} is required";
        if (list.Count > MaxPatterns) return $"{path}: at most {MaxPatterns} entries are allowed";
        return null;
    }

    private static string? ValidateAction(string? action, string path)
    {
        if (string.IsNullOrEmpty(action)) return $"{path}: must not be empty";
        if (action.Length > MaxPatternLength) return $"{path}: must be at most {MaxPatternLength} characters";
        if (action == "*") return null;
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == action.Length - 1 || action.IndexOf(':', colon + 1) >= 0
            || !IsPatternWord(action.AsSpan(0, colon)) || !IsPatternWord(action.AsSpan(colon + 1)))
            return $"{path}: \"{action}\" is not service:Verb (letters and digits, * and ? as wildcards)";
        var pattern = new WildcardPattern(action, ignoreCase: true);
        foreach (var known in ActionCatalog.All)
            if (pattern.IsMatch(known.Name)) return null;
        return $"{path}: \"{action}\" matches no known action";
    }

    private static string? ValidateResource(string? resource, string path)
    {
        if (string.IsNullOrEmpty(resource)) return $"{path}: must not be empty";
        if (resource.Length > MaxPatternLength) return $"{path}: must be at most {MaxPatternLength} characters";
        foreach (var c in resource)
            if (char.IsWhiteSpace(c) || char.IsControl(c)) return $"{path}: \"{resource}\" must not contain spaces or control characters";
        if (resource == "*") return null;
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == resource.Length - 1 || !IsKind(resource.AsSpan(0, slash)))
            return $"{path}: \"{resource}\" is not kind/name (e.g. metrics/CoffeeShop, alarms/Shop-*)";
        // The only variable is ${user}; anything else in ${…} is a typo that would never match.
        var rest = resource.AsSpan();
        int at;
        while ((at = rest.IndexOf("${", StringComparison.Ordinal)) >= 0)
        {
            rest = rest[at..];
            if (!rest.StartsWith(ResourceNames.UserVariable, StringComparison.Ordinal))
                return $"{path}: \"{resource}\" uses an unknown variable (only ${{user}} is supported)";
            rest = rest[ResourceNames.UserVariable.Length..];
        }
        return null;
    }

    private static bool IsPatternWord(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
            if (!char.IsAsciiLetterOrDigit(c) && c is not '*' and not '?') return false;
        return true;
    }

    private static bool IsKind(ReadOnlySpan<char> kind)
    {
        foreach (var c in kind)
            if (!char.IsAsciiLetterLower(c) && c is not '*' and not '?') return false;
        return true;
    }
}
