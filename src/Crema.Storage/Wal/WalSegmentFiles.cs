using System.Globalization;

namespace Crema.Storage.Wal;

/// <summary>Naming and listing of segment files (<c>00000001.wal</c>, …).</summary>
internal static class WalSegmentFiles
{
    public const string Extension = ".wal";

    public static string PathOf(string directory, int segment) =>
        Path.Combine(directory, segment.ToString("D8", CultureInfo.InvariantCulture) + Extension);

    /// <summary>Segment numbers present in the directory, ascending.</summary>
    public static List<int> List(string directory)
    {
        var segments = new List<int>();
        if (!Directory.Exists(directory))
        {
            return segments;
        }

        foreach (string path in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (name.Length == 8
                && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
                && n > 0)
            {
                segments.Add(n);
            }
        }

        segments.Sort();
        return segments;
    }
}
