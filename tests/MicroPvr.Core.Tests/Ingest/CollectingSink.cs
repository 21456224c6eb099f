using MicroPvr.Core.Ingest;

namespace MicroPvr.Core.Tests.Ingest;

/// <summary>A sink that keeps every byte and event (thread-safe), with a deadline-bound wait.</summary>
internal sealed class CollectingSink : IStreamSink
{
    private readonly MemoryStream _data = new();
    private readonly List<StreamSourceEvent> _events = [];

    public int Calls { get; private set; }

    public long Length
    {
        get
        {
            lock (_data)
            {
                return _data.Length;
            }
        }
    }

    public byte[] ToArray()
    {
        lock (_data)
        {
            return _data.ToArray();
        }
    }

    public IReadOnlyList<StreamSourceEvent> Events
    {
        get
        {
            lock (_data)
            {
                return [.. _events];
            }
        }
    }

    public void OnData(ReadOnlySpan<byte> data, long receivedTimestamp)
    {
        lock (_data)
        {
            _data.Write(data);
            Calls++;
        }
    }

    public void OnSourceEvent(StreamSourceEvent sourceEvent)
    {
        lock (_data)
        {
            _events.Add(sourceEvent);
        }
    }

    /// <summary>Polls until the condition holds or the (generous) deadline passes.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return condition();
    }
}
