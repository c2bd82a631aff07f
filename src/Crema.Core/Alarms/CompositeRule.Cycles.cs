namespace Crema.Core.Alarms;

public sealed partial class CompositeRule
{
    /// <summary>
    /// Finds a composite alarm that depends on itself. <paramref name="rules"/> maps each composite
    /// alarm's name to its rule; names a rule references that are not keys are metric alarms (leaves).
    /// Returns the cycle as a path that starts and ends with the same name (["a", "b", "a"]), or null.
    /// The search visits names in ordinal order, so the answer is the same for the same rules.
    /// </summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyDictionary<string, CompositeRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var names = new List<string>(rules.Keys);
        names.Sort(StringComparer.Ordinal);

        // 0 = not visited, 1 = on the current path, 2 = finished (no cycle through it).
        var colour = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        var nextChild = new List<int>();
        foreach (var start in names)
        {
            if (colour.GetValueOrDefault(start) != 0)
            {
                continue;
            }

            // Iterative depth-first search: chains of thousands of composite alarms must not overflow the stack.
            colour[start] = 1;
            path.Add(start);
            nextChild.Add(0);
            while (path.Count > 0)
            {
                var top = path.Count - 1;
                var children = rules[path[top]].ReferencedAlarms;
                if (nextChild[top] == children.Count)
                {
                    colour[path[top]] = 2;
                    path.RemoveAt(top);
                    nextChild.RemoveAt(top);
                    continue;
                }

                var child = children[nextChild[top]++];
                if (!rules.ContainsKey(child))
                {
                    continue;
                }

                switch (colour.GetValueOrDefault(child))
                {
                    case 1:
                        var cycle = path.GetRange(path.IndexOf(child), path.Count - path.IndexOf(child));
                        cycle.Add(child);
                        return cycle;
                    case 0:
                        colour[child] = 1;
                        path.Add(child);
                        nextChild.Add(0);
                        break;
                }
            }
        }

        return null;
    }
}
