using System.Buffers.Binary;
using System.Threading.Channels;

namespace Crema.Storage.Wal;

/// <summary>
/// A write-ahead log of CRC-checked records in numbered segment files, with group commit: one
/// writer task drains the queue, writes every pending record, fsyncs once and then completes
/// them all. Layout and recovery policy: docs/formats/wal.md.
/// </summary>
public sealed partial class WriteAheadLog : IAsyncDisposable
{
    /// <summary>Bytes of framing before each payload: u32 length, u32 CRC-32C.</summary>
    public const int RecordHeaderSize = 8;

    private readonly WalOptions _options;

    // Bounded so producers wait (back-pressure) instead of piling up memory when the disk is slow.
    private readonly Channel<PendingAppend> _queue;

    // Held by the writer for a whole batch (write + fsync) and by rotation/deletion, so a
    // rotation never lands in the middle of a group commit.
    private readonly Lock _fileLock = new();

    // Frames a batch into one buffer so a group commit is one write() call per ~1 MiB.
    private byte[] _frame = new byte[1024 * 1024];

    private readonly Task _writerTask;
    private FileStream _file;
    private int _segment;
    private long _segmentBytes;

    // Set once a write or fsync fails: what is on disk after the failure is unknown, so every
    // later append fails with it rather than landing after a possibly torn record.
    private volatile Exception? _fault;
    private long _fsyncCount;
    private int _disposed;

    private WriteAheadLog(string directory, WalOptions options, int firstSegment)
    {
        Directory = directory;
        _options = options;
        _segment = firstSegment;
        _file = CreateSegment(firstSegment);
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // A thread of its own: the writer blocks in write and fsync, which must not hold up
        // the thread pool that serves requests.
        _writerTask = Task.Factory.StartNew(RunWriter, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The log directory.</summary>
    public string Directory { get; }

    /// <summary>The segment new records currently go to.</summary>
    public int CurrentSegment => Volatile.Read(ref _segment);

    /// <summary>Number of fsyncs issued (tests check that group commit groups).</summary>
    internal long FsyncCount => Interlocked.Read(ref _fsyncCount);

    /// <summary>
    /// Opens the log for appending. Appends always go to a new segment numbered after the
    /// highest one present, so they never follow a torn tail. Replay first (see
    /// <see cref="Replay"/>) to recover what the directory holds.
    /// </summary>
    public static WriteAheadLog Open(string directory, WalOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new WalOptions();
        options.Validate();
        System.IO.Directory.CreateDirectory(directory);
        List<int> existing = WalSegmentFiles.List(directory);
        int next = existing.Count == 0 ? 1 : existing[^1] + 1;
        return new WriteAheadLog(directory, options, next);
    }

    /// <summary>
    /// Queues a record and completes once it is durable (written and fsync'd), returning the
    /// segment it went into. <paramref name="payload"/> must not change until then and must not
    /// be empty. <paramref name="ct"/> only cancels waiting for queue space; a queued record is
    /// always written.
    /// </summary>
    public ValueTask<long> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct = default)
    {
        if (payload.IsEmpty)
        {
            throw new ArgumentException("payload must not be empty (a zero length marks a torn record).", nameof(payload));
        }

        if (payload.Length > _options.SegmentMaxBytes - RecordHeaderSize)
        {
            throw new ArgumentException($"payload is {payload.Length} bytes; a record must fit in one segment ({_options.SegmentMaxBytes} bytes).", nameof(payload));
        }

        if (_fault is { } fault)
        {
            return ValueTask.FromException<long>(new IOException("The write-ahead log failed earlier and accepts no more records.", fault));
        }

        var pending = new PendingAppend(payload);
        if (_queue.Writer.TryWrite(pending))
        {
            return new ValueTask<long>(pending.Task);
        }

        return EnqueueSlowAsync(pending, ct);
    }

    private async ValueTask<long> EnqueueSlowAsync(PendingAppend pending, CancellationToken ct)
    {
        try
        {
            await _queue.Writer.WriteAsync(pending, ct).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(WriteAheadLog));
        }

        return await pending.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Closes the current segment (fsync'd) and starts the next; returns the new number. Records
    /// appended after this returns go to the new segment (or a later one); records still queued
    /// may go there too, never to an earlier one.
    /// </summary>
    public int RotateSegment()
    {
        lock (_fileLock)
        {
            ThrowIfUnusable();
            return RollLocked();
        }
    }

    /// <summary>Deletes segment files numbered below <paramref name="segment"/>; the current segment is kept.</summary>
    public void DeleteSegmentsBefore(int segment)
    {
        lock (_fileLock)
        {
            foreach (int n in WalSegmentFiles.List(Directory))
            {
                if (n < segment && n != _segment)
                {
                    File.Delete(WalSegmentFiles.PathOf(Directory, n));
                }
            }
        }
    }

    /// <summary>Stops accepting records, writes what is queued, and closes the current segment.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _writerTask.ConfigureAwait(false);
        lock (_fileLock)
        {
            try
            {
                if (_fault is null)
                {
                    Fsync();
                }
            }
            catch (IOException ex)
            {
                _options.OnError?.Invoke(ex);
            }
            finally
            {
                _file.Dispose();
            }
        }
    }

    private void RunWriter()
    {
        var batch = new List<PendingAppend>();
        ChannelReader<PendingAppend> reader = _queue.Reader;
        // Blocking waits on purpose: this loop owns its thread.
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            long bytes = 0;
            while (bytes < _options.MaxBatchBytes && reader.TryRead(out PendingAppend? pending))
            {
                batch.Add(pending);
                bytes += RecordHeaderSize + pending.Payload.Length;
            }

            CommitBatch(batch);
        }
    }

    // Never throws: a failure faults the batch (and the log), it does not end the writer loop.
    private void CommitBatch(List<PendingAppend> batch)
    {
        try
        {
            lock (_fileLock)
            {
                ThrowIfFaulted();
                int used = 0;
                foreach (PendingAppend pending in batch)
                {
                    int size = RecordHeaderSize + pending.Payload.Length;
                    if (_segmentBytes + used > 0 && _segmentBytes + used + size > _options.SegmentMaxBytes)
                    {
                        WriteFrame(used);
                        used = 0;
                        RollLocked();
                    }

                    if (used + size > _frame.Length)
                    {
                        WriteFrame(used);
                        used = 0;
                        if (size > _frame.Length)
                        {
                            _frame = new byte[size];
                        }
                    }

                    Span<byte> record = _frame.AsSpan(used, size);
                    ReadOnlySpan<byte> payload = pending.Payload.Span;
                    BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payload.Length);
                    BinaryPrimitives.WriteUInt32LittleEndian(record.Slice(4), Crc32C.Compute(payload));
                    payload.CopyTo(record.Slice(RecordHeaderSize));
                    used += size;
                    pending.Segment = _segment;
                }

                WriteFrame(used);
                Fsync();
            }
        }
        catch (Exception ex)
        {
            _fault ??= ex;
            _options.OnError?.Invoke(ex);
            foreach (PendingAppend pending in batch)
            {
                pending.TrySetException(new IOException("Writing to the write-ahead log failed.", ex));
            }

            return;
        }

        foreach (PendingAppend pending in batch)
        {
            pending.TrySetResult(pending.Segment);
        }
    }

    private void WriteFrame(int used)
    {
        if (used > 0)
        {
            _file.Write(_frame, 0, used);
            _segmentBytes += used;
        }
    }

    private void Fsync()
    {
        _file.Flush(flushToDisk: true);
        Interlocked.Increment(ref _fsyncCount);
    }

    private int RollLocked()
    {
        Fsync();
        _file.Dispose();
        int next = _segment + 1;
        _file = CreateSegment(next);
        _segmentBytes = 0;
        Volatile.Write(ref _segment, next);
        return next;
    }

    private FileStream CreateSegment(int segment) =>
        // Unbuffered: records are framed in _frame and written in one call per batch.
        new(WalSegmentFiles.PathOf(Directory, segment), FileMode.CreateNew, FileAccess.Write,
            FileShare.Read | FileShare.Delete, bufferSize: 0);

    private void ThrowIfFaulted()
    {
        if (_fault is { } fault)
        {
            throw new IOException("The write-ahead log failed earlier and accepts no more records.", fault);
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ThrowIfFaulted();
    }
}
