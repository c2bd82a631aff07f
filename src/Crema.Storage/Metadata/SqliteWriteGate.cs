using System.Diagnostics.CodeAnalysis;

namespace Crema.Storage.Metadata;

/// <summary>Lets one writer of this process at a time into the database; readers never wait on it.</summary>
/// <remarks>
/// SQLite allows a single writer anyway. Queueing writers here, in order, instead of letting them
/// race for the file lock avoids SQLite's sleep-and-retry busy handler inside the process; the
/// busy_timeout still covers other processes (the CLI, a backup) holding the lock.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The semaphore is deliberately never disposed; see the field comment.")]
internal sealed class SqliteWriteGate
{
    // Never disposed: an operation still in flight when the database is disposed must be able to release it,
    // and a SemaphoreSlim whose wait handle is never used holds no unmanaged resource.
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public async ValueTask<Releaser> EnterAsync(CancellationToken ct)
    {
        await _semaphore.WaitAsync(ct).ConfigureAwait(false);
        return new Releaser(_semaphore);
    }

    /// <summary>Leaves the gate when disposed.</summary>
    internal readonly struct Releaser : IDisposable
    {
        private readonly SemaphoreSlim _semaphore;

        public Releaser(SemaphoreSlim semaphore) => _semaphore = semaphore;

        public void Dispose() => _semaphore.Release();
    }
}
