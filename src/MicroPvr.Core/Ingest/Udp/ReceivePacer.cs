namespace MicroPvr.Core.Ingest.Udp;

/// <summary>
/// One shared tick for every streaming UDP source of a process (docs/sources.md, "Receive
/// batching"). A source that is streaming waits for the next tick and then takes every datagram
/// the kernel queued meanwhile, so N channels cost one wake-up per tick plus one drain per
/// channel, not one thread-pool dispatch per datagram. The tick has its own thread, not the .NET
/// timer queue: timer callbacks that block (a writer's fsync on a busy disk) hold up every other
/// timer, and a stalled tick is a full socket buffer. The thread runs only while someone waits and
/// ends after a few idle seconds. One small allocation per tick, none per datagram.
/// </summary>
internal sealed class ReceivePacer
{
    private static readonly TimeSpan s_idleExit = TimeSpan.FromSeconds(5);

    // A plain object: the tick thread sleeps on it with Monitor.Wait until someone waits.
    private readonly object _lock = new();
    private TaskCompletionSource? _next;
    private bool _running;
    private long _ticks;

    public ReceivePacer(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Interval = interval;
    }

    public TimeSpan Interval { get; }

    /// <summary>Ticks fired so far (for tests and diagnostics).</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>
    /// Completes at the next tick (every waiter of the same tick gets the same task). Continuations
    /// run on the thread pool, not on the tick thread, so one slow source cannot delay the others.
    /// </summary>
    public Task NextTickAsync()
    {
        lock (_lock)
        {
            if (_next is null)
            {
                _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Monitor.Pulse(_lock);
                if (!_running)
                {
                    _running = true;
                    new Thread(Run) { IsBackground = true, Name = "micropvr receive pacer" }.Start();
                }
            }

            return _next.Task;
        }
    }

    private void Run()
    {
        while (true)
        {
            lock (_lock)
            {
                if (_next is null && (!Monitor.Wait(_lock, s_idleExit) && _next is null))
                {
                    _running = false;
                    return;
                }
            }

            Thread.Sleep(Interval);
            TaskCompletionSource? due;
            lock (_lock)
            {
                due = _next;
                _next = null;
                Interlocked.Increment(ref _ticks);
            }

            due?.TrySetResult();
        }
    }
}
