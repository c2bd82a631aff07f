namespace Crema.Core.Identity;

/// <summary>
/// A precompiled glob: <c>*</c> matches any run of characters (including '/' and ':'),
/// <c>?</c> exactly one, everything else itself. Matching never backtracks: the pattern is
/// split at the stars into fixed-length chunks that must appear in order, so the cost is
/// at most input length × pattern length and usually one pass.
/// </summary>
public sealed class WildcardPattern
{
    private readonly string _prefix;      // chunk before the first star (or the whole pattern when there is none)
    private readonly string[] _middle;    // chunks between stars, matched leftmost in order
    private readonly string _suffix;      // chunk after the last star
    private readonly bool _hasStar;
    private readonly bool _hasQuestion;
    private readonly int _minLength;

    /// <summary>Compiles a pattern; with <paramref name="ignoreCase"/> letters compare by invariant upper case.</summary>
    public WildcardPattern(string pattern, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
        IgnoreCase = ignoreCase;
        var text = ignoreCase ? pattern.ToUpperInvariant() : pattern;
        _hasQuestion = text.Contains('?', StringComparison.Ordinal);
        var parts = text.Split('*');
        _hasStar = parts.Length > 1;
        _prefix = parts[0];
        _suffix = _hasStar ? parts[^1] : string.Empty;
        var middle = new List<string>();
        for (var i = 1; i < parts.Length - 1; i++)
            if (parts[i].Length > 0) middle.Add(parts[i]);
        _middle = [.. middle];
        _minLength = _prefix.Length + _suffix.Length;
        foreach (var chunk in _middle) _minLength += chunk.Length;
        MatchesEverything = _hasStar && _minLength == 0;
    }

    /// <summary>The pattern text as given.</summary>
    public string Pattern { get; }

    /// <summary>Whether letters compare case-insensitively.</summary>
    public bool IgnoreCase { get; }

    /// <summary>True for patterns made only of stars.</summary>
    public bool MatchesEverything { get; }

    /// <summary>True when the pattern has neither <c>*</c> nor <c>?</c>.</summary>
    public bool IsLiteral => !_hasStar && !_hasQuestion;

    /// <summary>Whether the whole input matches.</summary>
    public bool IsMatch(ReadOnlySpan<char> input)
    {
        if (MatchesEverything) return true;
        if (!_hasStar) return input.Length == _prefix.Length && ChunkEquals(_prefix, input);
        if (input.Length < _minLength) return false;
        if (!ChunkEquals(_prefix, input[.._prefix.Length])) return false;
        if (!ChunkEquals(_suffix, input[^_suffix.Length..])) return false;
        // The middle chunks live strictly between prefix and suffix; taking each at its leftmost
        // position is optimal because chunks have fixed lengths and a star can absorb any gap.
        var rest = input[_prefix.Length..^_suffix.Length];
        foreach (var chunk in _middle)
        {
            var at = IndexOf(rest, chunk);
            if (at < 0) return false;
            rest = rest[(at + chunk.Length)..];
        }
        return true;
    }

    public override string ToString() => Pattern;

    private int IndexOf(ReadOnlySpan<char> haystack, string chunk)
    {
        if (!_hasQuestion && !IgnoreCase) return haystack.IndexOf(chunk, StringComparison.Ordinal);
        var last = haystack.Length - chunk.Length;
        for (var i = 0; i <= last; i++)
            if (ChunkEquals(chunk, haystack.Slice(i, chunk.Length))) return i;
        return -1;
    }

    // chunk is already upper-cased when IgnoreCase; '?' in it matches any one character.
    private bool ChunkEquals(string chunk, ReadOnlySpan<char> text)
    {
        for (var i = 0; i < chunk.Length; i++)
        {
            var p = chunk[i];
            if (p == '?') continue;
            var c = text[i];
            if (p == c) continue;
            if (!IgnoreCase || p != char.ToUpperInvariant(c)) return false;
        }
        return true;
    }
}
