namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>Wakes the scheduler loop early (a task changed, a recorder started or died).</summary>
internal sealed class WakeSignal
{
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>Waits for a signal or the delay, whichever comes first, then re-arms.</summary>
    public async Task WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken ct)
    {
        var signal = Volatile.Read(ref _signal);
        if (!signal.Task.IsCompleted && delay > TimeSpan.Zero)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var timer = Task.Delay(delay, time, cts.Token);
            await Task.WhenAny(signal.Task, timer);
            await cts.CancelAsync();
        }

        ct.ThrowIfCancellationRequested();
        Interlocked.CompareExchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), signal);
    }
}
