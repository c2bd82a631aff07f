using System.Globalization;

namespace Crema.Storage.Engine;

/// <summary>
/// A head cut's note (<c>cut-NNNNNNNNNN.pending</c>): a cut writes up to three files (the raw
/// block and its 1-hour and 1-minute rollups), and they count only together. The note is synced
/// before the first of them and deleted after the last, before the cut's WAL segments are. At
/// start-up a note means the cut was interrupted: whichever of its files exist are deleted, and
/// the WAL, still on disk, brings the samples back into the head. No sample is then both in a
/// rollup and in the head (it would be rolled up twice).
/// </summary>
internal static class CutJournal
{
    private const string Prefix = "cut-";
    private const string Extension = ".pending";

    private static readonly BlockTier[] Tiers = [BlockTier.Raw, BlockTier.OneMinute, BlockTier.OneHour];

    public static string Write(string blockDir, long seq)
    {
        var path = Path.Combine(blockDir, Prefix + seq.ToString("D10", CultureInfo.InvariantCulture) + Extension);
        using (var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            fs.Flush(flushToDisk: true);
        }
        BlockFile.FsyncDirectory(blockDir);
        return path;
    }

    /// <summary>Deletes the cut's files (those that exist) and then its note.</summary>
    public static void RollBack(string blockDir, long seq, string journal)
    {
        foreach (var t in Tiers)
        {
            var f = Path.Combine(blockDir, BlockFile.FileName(t, seq));
            if (File.Exists(f)) File.Delete(f);
        }
        BlockFile.FsyncDirectory(blockDir);
        File.Delete(journal);
        BlockFile.FsyncDirectory(blockDir);
    }

    /// <summary>Rolls back every interrupted cut; returns how many there were.</summary>
    public static int Recover(string blockDir)
    {
        var n = 0;
        foreach (var journal in Directory.EnumerateFiles(blockDir, Prefix + "*" + Extension))
        {
            var seqText = Path.GetFileNameWithoutExtension(journal)[Prefix.Length..];
            if (long.TryParse(seqText, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)) RollBack(blockDir, seq, journal);
            else File.Delete(journal);
            n++;
        }
        return n;
    }
}
