using MicroPvr.Core.Catalog;

namespace MicroPvr.Core.Storage;

/// <summary>A snapshot of the range locks, grouped by channel, for one retention pass or deletion request.</summary>
public sealed class RangeLockSet
{
    private readonly Dictionary<int, List<RangeLock>> _byChannel = [];

    public RangeLockSet(IEnumerable<RangeLock> locks)
    {
        ArgumentNullException.ThrowIfNull(locks);
        foreach (var rangeLock in locks)
        {
            if (!_byChannel.TryGetValue(rangeLock.ChannelId, out var list))
            {
                _byChannel.Add(rangeLock.ChannelId, list = []);
            }

            list.Add(rangeLock);
            Count++;
        }
    }

    public static RangeLockSet Empty { get; } = new([]);

    public int Count { get; }

    /// <summary>The first lock that protects the record, or null.</summary>
    public RangeLock? Protecting(RecordFile record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_byChannel.TryGetValue(record.ChannelId, out var list))
        {
            foreach (var rangeLock in list)
            {
                if (rangeLock.Protects(record))
                {
                    return rangeLock;
                }
            }
        }

        return null;
    }

    public bool IsLocked(RecordFile record) => Protecting(record) is not null;
}
