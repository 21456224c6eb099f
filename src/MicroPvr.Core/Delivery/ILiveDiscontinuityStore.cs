using System.Collections.Concurrent;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// Persistent <see cref="LiveDiscontinuityMark"/>s, one per channel. The SQLite catalog implements
/// it beside <see cref="Catalog.ICatalog"/> (table <c>live_discontinuity</c>, which a catalog rebuild
/// from the files leaves alone); <see cref="LiveWindowPlanner"/> uses the catalog's when it has one.
/// </summary>
public interface ILiveDiscontinuityStore
{
    /// <summary>The stored mark of a channel, or null.</summary>
    ValueTask<LiveDiscontinuityMark?> GetLiveDiscontinuityMarkAsync(int channelId, CancellationToken ct = default);

    /// <summary>
    /// Stores <paramref name="mark"/> if the channel's stored mark is still <paramref name="expected"/>
    /// (null: the channel has none), otherwise leaves the stored one (another reload or process got
    /// there first). Returns the mark stored after the call, so that every caller goes on from the same one.
    /// </summary>
    ValueTask<LiveDiscontinuityMark> ReplaceLiveDiscontinuityMarkAsync(LiveDiscontinuityMark? expected, LiveDiscontinuityMark mark, CancellationToken ct = default);
}

/// <summary>Marks kept in memory only: for catalogs without a store (tests, tools); lost when the process ends.</summary>
public sealed class InMemoryLiveDiscontinuityStore : ILiveDiscontinuityStore
{
    private readonly ConcurrentDictionary<int, LiveDiscontinuityMark> _marks = new();

    public ValueTask<LiveDiscontinuityMark?> GetLiveDiscontinuityMarkAsync(int channelId, CancellationToken ct = default) =>
        ValueTask.FromResult(_marks.GetValueOrDefault(channelId));

    public ValueTask<LiveDiscontinuityMark> ReplaceLiveDiscontinuityMarkAsync(LiveDiscontinuityMark? expected, LiveDiscontinuityMark mark, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mark);
        var stored = expected is null
            ? _marks.GetOrAdd(mark.ChannelId, mark)
            : _marks.TryUpdate(mark.ChannelId, mark, expected) ? mark : _marks.GetOrAdd(mark.ChannelId, mark);
        return ValueTask.FromResult(stored);
    }
}
