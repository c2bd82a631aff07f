namespace Crema.Storage.Engine;

/// <summary>
/// Lets many appends run at once but gives a head cut a moment when none is in flight, so
/// that every sample is either in the generation being cut and its WAL segments, or in the
/// next one and its segments — never split across the two.
/// </summary>
internal sealed class AppendGate
{
    private readonly object _lock = new();
    private int _active;
    private TaskCompletionSource? _resume;   // appends wait on it while a cut is swapping
    private TaskCompletionSource? _drained;  // the cut waits on it for in-flight appends

    public async ValueTask EnterAsync(CancellationToken ct)
    {
        while (true)
        {
            Task? wait;
            lock (_lock)
            {
                if (_resume is null)
                {
                    _active++;
                    return;
                }
                wait = _resume.Task;
            }
            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    public void Exit()
    {
        lock (_lock)
        {
            _active--;
            if (_active == 0) _drained?.TrySetResult();
        }
    }

    /// <summary>Waits until no append is in flight and holds new ones back until <see cref="Release"/>.</summary>
    public async Task AcquireExclusiveAsync()
    {
        Task wait;
        lock (_lock)
        {
            if (_resume is not null) throw new InvalidOperationException("a cut is already holding the gate");
            _resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_active == 0) return;
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _drained.Task;
        }
        await wait.ConfigureAwait(false);
    }

    public void Release()
    {
        TaskCompletionSource? r;
        lock (_lock)
        {
            r = _resume;
            _resume = null;
            _drained = null;
        }
        r?.TrySetResult();
    }
}
