using System.Numerics;

namespace Crema.Server.RemoteWrite;

/// <summary>
/// Sizing and growth shared by the remote-write caches' open-addressing tables (linear probing, at
/// most half full): a table starts small and doubles up to twice its capacity as entries arrive.
/// </summary>
internal static class ProbingTable
{
    private const int InitialSize = 256;

    /// <summary>The largest table for <paramref name="capacity"/> entries, and the one to start with.</summary>
    public static (int MaxSize, int StartSize) Sizes(int capacity)
    {
        var max = (int)BitOperations.RoundUpToPowerOf2((uint)capacity * 2);
        return (max, Math.Min(InitialSize, max));
    }

    /// <summary>Whether one more entry should first double the table (it stays at most half full).</summary>
    public static bool ShouldGrow(int count, int size, int maxSize) => count * 2 >= size && size < maxSize;

    /// <summary>A table twice the size holding the same entries, each at its hash's slot or the next free one.</summary>
    public static T[] Doubled<T>(T[] old, Func<T, bool> isEmpty, Func<T, int> hash)
    {
        var grown = new T[old.Length * 2];
        var mask = grown.Length - 1;
        foreach (var e in old)
        {
            if (isEmpty(e)) continue;
            var j = hash(e) & mask;
            while (!isEmpty(grown[j])) j = (j + 1) & mask;
            grown[j] = e;
        }
        return grown;
    }
}
