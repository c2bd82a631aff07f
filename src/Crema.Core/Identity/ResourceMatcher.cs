namespace Crema.Core.Identity;

/// <summary>
/// A compiled resource pattern, possibly holding <c>${user}</c>. The variable fails closed:
/// with no user name, or one containing <c>*</c>/<c>?</c> (which would widen the pattern), an
/// Allow never matches, while a Deny matches as if the variable were <c>*</c> / the raw name.
/// </summary>
internal sealed class ResourceMatcher
{
    private static readonly ResourceMatcher _never = new(null, null);

    private readonly WildcardPattern? _pattern;
    private readonly string? _template;

    private ResourceMatcher(WildcardPattern? pattern, string? template)
    {
        _pattern = pattern;
        _template = template;
    }

    public static ResourceMatcher Compile(string pattern) =>
        pattern.Contains(ResourceNames.UserVariable, StringComparison.Ordinal)
            ? new ResourceMatcher(null, pattern)
            : new ResourceMatcher(new WildcardPattern(pattern, ignoreCase: false), null);

    public bool HasVariable => _template is not null;

    public bool IsMatch(string resource, string? userName, PolicyEffect effect)
    {
        if (_pattern is not null) return _pattern.IsMatch(resource);
        if (_template is null) return false;
        var substituted = Substitute(_template, userName, effect);
        return substituted is not null && new WildcardPattern(substituted).IsMatch(resource);
    }

    /// <summary>The same matcher with the variable replaced, for a policy compiled once per caller.</summary>
    public ResourceMatcher Bind(string? userName, PolicyEffect effect)
    {
        if (_template is null) return this;
        var substituted = Substitute(_template, userName, effect);
        return substituted is null ? _never : new ResourceMatcher(new WildcardPattern(substituted), null);
    }

    private static string? Substitute(string template, string? userName, PolicyEffect effect)
    {
        var unsafeName = userName is null || userName.Length == 0 || userName.AsSpan().IndexOfAny('*', '?') >= 0;
        if (unsafeName && effect == PolicyEffect.Allow) return null;
        return template.Replace(ResourceNames.UserVariable, string.IsNullOrEmpty(userName) ? "*" : userName, StringComparison.Ordinal);
    }
}
