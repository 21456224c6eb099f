using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace MicroPvr.Core.Recording;

/// <summary>
/// Forces record files and their indexes to disk (fsync) on one dedicated thread, so that a slow
/// or stalled disk never blocks the receive path or the timers (docs/recording-format.md,
/// "Writing"). Writers have already written the bytes (data first, then the index entries that
/// point at them) when they ask; the queue only makes them durable. Bounded: at most one request
/// per writer is outstanding, and a writer whose previous request is still running when the next
/// is due skips it and logs 9041 once, until the disk catches up.
/// </summary>
internal sealed partial class DurableSyncQueue : IDisposable
{
    private readonly ILogger _logger;
    private readonly Queue<Ticket> _queue = new();
    private readonly object _lock = new();
    private readonly Thread _thread;
    private bool _stopping;

    public DurableSyncQueue(ILogger logger)
    {
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "micropvr durable sync" };
        _thread.Start();
    }

    /// <summary>Requests that both files reach the disk. False when the ticket's previous request still runs (logged 9041).</summary>
    public bool Request(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        lock (_lock)
        {
            if (ticket.Pending)
            {
                if (!ticket.Lagging)
                {
                    ticket.Lagging = true;
                    Log.Lagging(_logger, ticket.Path);
                }

                return false;
            }

            ticket.Pending = true;
            _queue.Enqueue(ticket);
            Monitor.Pulse(_lock);
            return true;
        }
    }

    private void Run()
    {
        while (true)
        {
            Ticket ticket;
            lock (_lock)
            {
                while (_queue.Count == 0)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    Monitor.Wait(_lock);
                }

                ticket = _queue.Dequeue();
            }

            Sync(ticket);
            lock (_lock)
            {
                ticket.Pending = false;
                ticket.Completed++;
                ticket.Lagging = false;
            }
        }
    }

    private void Sync(Ticket ticket)
    {
        try
        {
            // Data before index: a durable index entry then points at durable bytes.
            if (ticket.Data is { } data)
            {
                RandomAccess.FlushToDisk(data);
            }

            RandomAccess.FlushToDisk(ticket.Index);
        }
        catch (ObjectDisposedException)
        {
            // The writer closed meanwhile; its own close flushed durably.
        }
        catch (IOException e)
        {
            Log.SyncFailed(_logger, ticket.Path, e.Message);
        }
    }

    /// <summary>Finishes the queued requests, then ends the thread.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _stopping = true;
            Monitor.Pulse(_lock);
        }

        _thread.Join();
    }

    /// <summary>One writer's files; at most one request of a ticket is queued or running.</summary>
    internal sealed class Ticket(string path, SafeFileHandle? data, SafeFileHandle index)
    {
        public string Path { get; } = path;

        public SafeFileHandle? Data { get; } = data;

        public SafeFileHandle Index { get; } = index;

        public bool Pending { get; set; }

        public bool Lagging { get; set; }

        /// <summary>Requests completed (for tests).</summary>
        public long Completed { get; set; }
    }
}
