namespace Crema.Core.Identity;

/// <summary>A statement with its patterns compiled once.</summary>
internal sealed class CompiledStatement
{
    private readonly WildcardPattern[] _actions;
    private readonly ResourceMatcher[] _resources;

    private CompiledStatement(PolicyEffect effect, WildcardPattern[] actions, ResourceMatcher[] resources)
    {
        Effect = effect;
        _actions = actions;
        _resources = resources;
    }

    public PolicyEffect Effect { get; }

    public static CompiledStatement Compile(PolicyStatement statement)
    {
        var actions = new WildcardPattern[statement.Actions.Count];
        for (var i = 0; i < actions.Length; i++) actions[i] = new WildcardPattern(statement.Actions[i], ignoreCase: true);
        var resources = new ResourceMatcher[statement.Resources.Count];
        for (var i = 0; i < resources.Length; i++) resources[i] = ResourceMatcher.Compile(statement.Resources[i]);
        return new CompiledStatement(statement.Effect, actions, resources);
    }

    public CompiledStatement Bind(string? userName)
    {
        var any = false;
        foreach (var r in _resources) any |= r.HasVariable;
        if (!any) return this;
        var bound = new ResourceMatcher[_resources.Length];
        for (var i = 0; i < bound.Length; i++) bound[i] = _resources[i].Bind(userName, Effect);
        return new CompiledStatement(Effect, _actions, bound);
    }

    public bool Matches(string action, string resource, string? userName)
    {
        var actionMatched = false;
        foreach (var a in _actions)
        {
            if (a.IsMatch(action)) { actionMatched = true; break; }
        }
        if (!actionMatched) return false;
        foreach (var r in _resources)
            if (r.IsMatch(resource, userName, Effect)) return true;
        return false;
    }
}
