using System.Globalization;

namespace Crema.Storage.Engine;

/// <summary>
/// A compaction's note of the blocks it replaces, one file name a line: <c>compact-NNNNNNNNNN.inputs</c>
/// for raw blocks merged into <c>raw-NNNNNNNNNN.crb</c>, <c>compact-1m-NNNNNNNNNN.inputs</c> (or
/// <c>1h</c>) for rollup files merged into <c>1m-NNNNNNNNNN.crb</c>. Written and synced before the
/// merged file is committed and deleted after the inputs are. At start-up a note whose merged block exists
/// means the inputs' deletion was interrupted: they are deleted then, so no sample is counted twice.
/// </summary>
internal static class CompactionJournal
{
    private const string Prefix = "compact-";
    private const string Extension = ".inputs";

    public static string Write(string blockDir, long mergedSeq, IReadOnlyList<BlockFile> inputs, BlockTier tier = BlockTier.Raw)
    {
        var name = mergedSeq.ToString("D10", CultureInfo.InvariantCulture);
        // Raw compactions keep the original name, so notes left by earlier versions still recover.
        if (tier != BlockTier.Raw) name = tier.Prefix() + "-" + name;
        var path = Path.Combine(blockDir, Prefix + name + Extension);
        using (var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var w = new StreamWriter(fs))
        {
            foreach (var b in inputs) w.WriteLine(Path.GetFileName(b.Path));
            w.Flush();
            fs.Flush(flushToDisk: true);
        }
        // The merged block's commit syncs the directory, which makes this entry durable before it.
        return path;
    }

    /// <summary>Finishes interrupted compactions: deletes the inputs of every merged block that was committed.</summary>
    public static void Recover(string blockDir)
    {
        var changed = false;
        foreach (var journal in Directory.EnumerateFiles(blockDir, Prefix + "*" + Extension))
        {
            var seqText = Path.GetFileNameWithoutExtension(journal)[Prefix.Length..];
            var tier = BlockTier.Raw;
            foreach (var t in (ReadOnlySpan<BlockTier>)[BlockTier.OneMinute, BlockTier.OneHour])
            {
                if (!seqText.StartsWith(t.Prefix() + "-", StringComparison.Ordinal)) continue;
                tier = t;
                seqText = seqText[(t.Prefix().Length + 1)..];
            }
            if (long.TryParse(seqText, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                && File.Exists(Path.Combine(blockDir, BlockFile.FileName(tier, seq))))
            {
                foreach (var line in File.ReadAllLines(journal))
                {
                    var name = Path.GetFileName(line.Trim());
                    if (name.Length > 0) File.Delete(Path.Combine(blockDir, name));
                }
            }
            File.Delete(journal);
            changed = true;
        }
        if (changed) BlockFile.FsyncDirectory(blockDir);
    }
}
