using System.Buffers.Binary;
using System.Diagnostics;
using Crema.Storage.Wal;
using Xunit.Abstractions;

namespace Crema.Storage.Tests.Wal;

public sealed class WriteAheadLogTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] RandomPayload(Random rng, int min, int max)
    {
        var bytes = new byte[rng.Next(min, max + 1)];
        rng.NextBytes(bytes);
        return bytes;
    }

    private static List<(int Segment, byte[] Payload)> ReplayAll(string dir, out WalReplayReport report)
    {
        var records = new List<(int, byte[])>();
        report = WriteAheadLog.Replay(dir, (segment, payload) => records.Add((segment, payload.ToArray())));
        return records;
    }

    private async Task<List<(long Segment, byte[] Payload)>> WriteSequentially(WalOptions options, int count, int seed, int maxSize = 1500)
    {
        var rng = new Random(seed);
        var written = new List<(long, byte[])>();
        await using var wal = WriteAheadLog.Open(_dir.Path, options);
        for (int i = 0; i < count; i++)
        {
            byte[] payload = RandomPayload(rng, 1, maxSize);
            written.Add((await wal.AppendAsync(payload), payload));
        }

        return written;
    }

    [Fact]
    public void Crc32C_matches_the_standard_check_value()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Fact]
    public async Task Round_trips_random_records_across_segment_rolls()
    {
        var written = await WriteSequentially(new WalOptions { SegmentMaxBytes = 8192 }, 400, seed: 1);

        var replayed = ReplayAll(_dir.Path, out var report);
        Assert.Equal(written.Count, replayed.Count);
        for (int i = 0; i < written.Count; i++)
        {
            Assert.Equal(written[i].Segment, replayed[i].Segment);
            Assert.Equal(written[i].Payload, replayed[i].Payload);
        }

        Assert.Empty(report.Corruptions);
        Assert.True(report.Segments > 10, $"{report.Segments} segments");
        foreach (int segment in replayed.Select(r => r.Segment).Distinct())
        {
            Assert.True(new FileInfo(Path.Combine(_dir.Path, $"{segment:D8}.wal")).Length <= 8192);
        }
    }

    [Fact]
    public async Task Concurrent_appends_are_all_replayed_exactly_once_in_per_writer_order()
    {
        const int Writers = 8, PerWriter = 150;
        await using (var wal = WriteAheadLog.Open(_dir.Path, new WalOptions { SegmentMaxBytes = 64 * 1024 }))
        {
            var tasks = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                var rng = new Random(w);
                for (int i = 0; i < PerWriter; i++)
                {
                    byte[] payload = RandomPayload(rng, 8, 600);
                    BinaryPrimitives.WriteInt32LittleEndian(payload, w);
                    BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), i);
                    await wal.AppendAsync(payload);
                }
            })).ToArray();
            await Task.WhenAll(tasks);
        }

        var replayed = ReplayAll(_dir.Path, out var report);
        Assert.Empty(report.Corruptions);
        Assert.Equal(Writers * PerWriter, replayed.Count);
        var next = new int[Writers];
        int lastSegment = 0;
        foreach (var (segment, payload) in replayed)
        {
            int w = BinaryPrimitives.ReadInt32LittleEndian(payload);
            int seq = BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(4));
            Assert.Equal(next[w]++, seq); // each writer's records once, in its own order
            Assert.True(segment >= lastSegment);
            lastSegment = segment;
        }
    }

    [Fact]
    public async Task Torn_tail_is_cut_off_and_every_complete_record_is_kept()
    {
        var written = await WriteSequentially(new WalOptions { SegmentMaxBytes = 16 * 1024 }, 60, seed: 3);
        int lastSegment = (int)written[^1].Segment;
        string lastFile = Path.Combine(_dir.Path, $"{lastSegment:D8}.wal");
        byte[] original = File.ReadAllBytes(lastFile);
        int lastRecordStart = original.Length - WriteAheadLog.RecordHeaderSize - written[^1].Payload.Length;
        var rng = new Random(4);

        for (int trial = 0; trial < 12; trial++)
        {
            int cut = trial == 0 ? lastRecordStart + 1 : rng.Next(lastRecordStart + 1, original.Length);
            File.WriteAllBytes(lastFile, original.AsSpan(0, cut).ToArray());

            var replayed = ReplayAll(_dir.Path, out var report);
            Assert.Equal(written.Count - 1, replayed.Count);
            Assert.Equal(written[^2].Payload, replayed[^1].Payload);
            var corruption = Assert.Single(report.Corruptions);
            Assert.True(corruption.Truncated);
            Assert.Equal(lastSegment, corruption.Segment);
            Assert.Equal(lastRecordStart, corruption.Offset);
            Assert.Equal(cut - lastRecordStart, report.TruncatedBytes);
            Assert.Equal(lastRecordStart, new FileInfo(lastFile).Length);

            // A second replay finds a clean log.
            ReplayAll(_dir.Path, out var again);
            Assert.Empty(again.Corruptions);
        }

        // Appends after recovery go to a new segment, never after the cut tail.
        await using (var wal = WriteAheadLog.Open(_dir.Path))
        {
            Assert.Equal(lastSegment + 1, await wal.AppendAsync(new byte[] { 42 }));
        }

        var final = ReplayAll(_dir.Path, out var finalReport);
        Assert.Empty(finalReport.Corruptions);
        Assert.Equal(written.Count, final.Count);
        Assert.Equal([42], final[^1].Payload);
    }

    [Fact]
    public async Task Flipped_byte_in_an_older_segment_is_reported_and_later_segments_still_replay()
    {
        var written = await WriteSequentially(new WalOptions { SegmentMaxBytes = 8192 }, 100, seed: 5, maxSize: 500);
        int first = (int)written[0].Segment;
        Assert.True(written[^1].Segment > first + 1);
        string firstFile = Path.Combine(_dir.Path, $"{first:D8}.wal");
        byte[] bytes = File.ReadAllBytes(firstFile);
        int inFirst = written.Count(w => w.Segment == first);

        // Flip a payload byte of the third record.
        int offset = 0;
        for (int i = 0; i < 2; i++)
        {
            offset += WriteAheadLog.RecordHeaderSize + written[i].Payload.Length;
        }

        bytes[offset + WriteAheadLog.RecordHeaderSize] ^= 0x10;
        File.WriteAllBytes(firstFile, bytes);

        var replayed = ReplayAll(_dir.Path, out var report);
        var corruption = Assert.Single(report.Corruptions);
        Assert.Equal(first, corruption.Segment);
        Assert.Equal(offset, corruption.Offset);
        Assert.False(corruption.Truncated);
        Assert.Contains("CRC", corruption.Reason);
        Assert.Equal(bytes.Length, new FileInfo(firstFile).Length); // older segments are never cut
        Assert.Equal(written.Count - (inFirst - 2), replayed.Count);
        Assert.Equal(written[^1].Payload, replayed[^1].Payload);
    }

    [Fact]
    public async Task Flipped_length_in_the_last_segment_is_reported_and_cut()
    {
        var written = await WriteSequentially(new WalOptions(), 20, seed: 6, maxSize: 200);
        string file = Path.Combine(_dir.Path, $"{written[0].Segment:D8}.wal");
        byte[] bytes = File.ReadAllBytes(file);
        int offset = WriteAheadLog.RecordHeaderSize + written[0].Payload.Length;
        bytes[offset + 3] = 0x7F; // length now far past the end of the file
        File.WriteAllBytes(file, bytes);

        var replayed = ReplayAll(_dir.Path, out var report);
        Assert.Single(replayed);
        var corruption = Assert.Single(report.Corruptions);
        Assert.True(corruption.Truncated);
        Assert.Equal(offset, corruption.Offset);
        Assert.Equal(offset, new FileInfo(file).Length);
    }

    [Fact]
    public async Task Group_commit_shares_fsyncs_between_concurrent_appends()
    {
        await using var wal = WriteAheadLog.Open(_dir.Path);
        long before = wal.FsyncCount;
        var appends = new Task<long>[1000];
        for (int i = 0; i < appends.Length; i++)
        {
            appends[i] = wal.AppendAsync(BitConverter.GetBytes(i)).AsTask();
        }

        await Task.WhenAll(appends);
        long fsyncs = wal.FsyncCount - before;
        output.WriteLine($"1000 concurrent appends: {fsyncs} fsyncs");
        Assert.InRange(fsyncs, 1, 100);
    }

    [Fact]
    public async Task Rotate_starts_a_new_segment_and_DeleteSegmentsBefore_removes_older_ones()
    {
        await using (var wal = WriteAheadLog.Open(_dir.Path))
        {
            Assert.Equal(1, await wal.AppendAsync(new byte[] { 1 }));
            Assert.Equal(2, wal.RotateSegment());
            Assert.Equal(2, await wal.AppendAsync(new byte[] { 2 }));
            Assert.Equal(3, wal.RotateSegment());
            Assert.Equal(4, wal.RotateSegment());
            Assert.Equal(4, await wal.AppendAsync(new byte[] { 4 }));
            Assert.Equal(4, wal.CurrentSegment);

            wal.DeleteSegmentsBefore(3);
            Assert.Equal(["00000003.wal", "00000004.wal"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Order());
            wal.DeleteSegmentsBefore(100); // never the current segment
            Assert.Equal(["00000004.wal"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
            Assert.Equal(4, await wal.AppendAsync(new byte[] { 5 }));
        }

        var replayed = ReplayAll(_dir.Path, out _);
        Assert.Equal([4, 4], replayed.Select(r => r.Segment));
        Assert.Equal([4, 5], replayed.Select(r => Assert.Single(r.Payload)));
    }

    [Fact]
    public async Task Opening_an_existing_directory_continues_in_a_new_segment()
    {
        await WriteSequentially(new WalOptions(), 3, seed: 7);
        await using (var wal = WriteAheadLog.Open(_dir.Path))
        {
            Assert.Equal(2, await wal.AppendAsync(new byte[] { 9 }));
        }

        var replayed = ReplayAll(_dir.Path, out var report);
        Assert.Equal(4, replayed.Count);
        Assert.Equal(2, report.LastSegment);
    }

    [Fact]
    public async Task Rejects_empty_payloads_and_appends_after_dispose()
    {
        var wal = WriteAheadLog.Open(_dir.Path);
        await Assert.ThrowsAsync<ArgumentException>(async () => await wal.AppendAsync(ReadOnlyMemory<byte>.Empty));
        await wal.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await wal.AppendAsync(new byte[] { 1 }));
    }

    [Fact]
    public async Task Measures_throughput_of_10_KiB_records_from_4_writers()
    {
        const int Writers = 4, PerWriter = 250, Size = 10 * 1024;
        await using var wal = WriteAheadLog.Open(_dir.Path);
        var sw = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var payload = new byte[Size];
            new Random(w).NextBytes(payload);
            for (int i = 0; i < PerWriter; i++)
            {
                await wal.AppendAsync(payload);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        double seconds = sw.Elapsed.TotalSeconds;
        int total = Writers * PerWriter;
        output.WriteLine($"{total / seconds:F0} appends/s, {total * (double)Size / seconds / (1024 * 1024):F1} MiB/s, {wal.FsyncCount} fsyncs for {total} appends");
        Assert.True(wal.FsyncCount < total);
    }
}
