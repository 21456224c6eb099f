using System.Collections.Concurrent;
using MicroPvr.Core.Catalog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// The sliding live window of a channel (<c>/CH/index.m3u8</c>) from the catalog and the
/// keyframe indexes, numbered by <see cref="LiveSegmentGrid"/>.
/// <para>
/// EXT-X-DISCONTINUITY-SEQUENCE is counted on from the channel's <see cref="LiveDiscontinuityMark"/>
/// (RFC 8216 §6.2.2: it never decreases and a listed discontinuity keeps its number). Each plan
/// walks only from the mark to the live edge; the mark then moves to just before the window (in
/// memory), and is stored (<see cref="ILiveDiscontinuityStore"/>, the catalog) once it is
/// <see cref="StoreEvery"/> ahead of the stored one, so a restarted daemon walks at most that
/// much plus its downtime once. docs/player-urls.md "Discontinuity sequence".
/// </para>
/// </summary>
public sealed partial class LiveWindowPlanner
{
    /// <summary>How far the mark in memory may run ahead of the stored one.</summary>
    public static readonly TimeSpan StoreEvery = TimeSpan.FromMinutes(1);

    private readonly ICatalog _catalog;
    private readonly RecordIndexCache _indexes;
    private readonly TimeProvider _time;
    private readonly ILiveDiscontinuityStore _store;
    private readonly ConcurrentDictionary<int, Marks> _marks = new();
    private readonly ILogger _logger;

    /// <param name="catalog">Records; also the mark store when it implements <see cref="ILiveDiscontinuityStore"/>.</param>
    /// <param name="indexes">Keyframe indexes.</param>
    /// <param name="time">The clock.</param>
    /// <param name="store">Where marks are kept; default: the catalog, else memory only.</param>
    /// <param name="logger">Logs each new count (7203).</param>
    public LiveWindowPlanner(ICatalog catalog, RecordIndexCache indexes, TimeProvider time, ILiveDiscontinuityStore? store = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(indexes);
        ArgumentNullException.ThrowIfNull(time);
        _catalog = catalog;
        _indexes = indexes;
        _time = time;
        _store = store ?? catalog as ILiveDiscontinuityStore ?? new InMemoryLiveDiscontinuityStore();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// A stored mark older than this is not followed (nobody has had the live playlist since):
    /// the count starts again from <see cref="LiveDiscontinuityMark.FloorAt"/>, which is above any
    /// number given before, and the walk stays short. At least an hour; longer for long slots, so
    /// that the last reload that could have been served before the mark was stored lies before
    /// the new count's first slot.
    /// </summary>
    public static TimeSpan StaleAfter(long slotMs) =>
        TimeSpan.FromMilliseconds(Math.Max(3_600_000, (long)StoreEvery.TotalMilliseconds + (((2 * LiveSegmentGrid.WindowSegments) + 4) * slotMs)));

    /// <summary>The live window of <paramref name="channelId"/> now, or null when no whole segment is recorded.</summary>
    public async ValueTask<LiveWindow?> PlanAsync(int channelId, TimeSpan maxSegment, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var slotMs = LiveSegmentGrid.SlotMilliseconds(maxSegment);
        var marks = await MarksAsync(channelId, nowMs, slotMs, ct).ConfigureAwait(false);
        // Everything the grid may look at: from the slot before the mark (where the mark's segment may start) to now.
        var from = DateTimeOffset.FromUnixTimeMilliseconds((marks.Current.Slot - 1) * slotMs);
        var records = await _catalog.FindRecordsAsync(channelId, from, now, ct).ConfigureAwait(false);
        var ordered = new List<RecordFile>(records);
        ordered.Sort(CopyPreference.Compare);
        var candidates = new List<LiveCandidate>(ordered.Count);
        foreach (var r in ordered)
        {
            candidates.Add(new LiveCandidate(r, _indexes.Get(r)));
        }

        var live = LiveSegmentGrid.Plan(candidates, nowMs, slotMs, marks.Current);
        if (live is not null && live.Resume.Slot > marks.Current.Slot)
        {
            await AdvanceAsync(marks, live.Resume, ct).ConfigureAwait(false);
        }

        return live;
    }

    private async ValueTask<Marks> MarksAsync(int channelId, long nowMs, long slotMs, CancellationToken ct)
    {
        if (!_marks.TryGetValue(channelId, out var marks))
        {
            var stored = await _store.GetLiveDiscontinuityMarkAsync(channelId, ct).ConfigureAwait(false);
            marks = stored is null ? null : new Marks(stored, stored);
        }

        if (marks is not null && Follows(marks.Current, nowMs, slotMs))
        {
            return _marks.GetOrAdd(channelId, marks);
        }

        // No mark to follow: a new channel, a catalog started afresh, a new slot length, a mark
        // nobody has followed for a long time, or a clock set back. A new count just before the
        // window (two slots for the one still growing and the last one, whose end may not be
        // recorded yet), above every number the old count can have given.
        var anchor = LiveSegmentGrid.SlotOf(nowMs, slotMs) - LiveSegmentGrid.WindowSegments - 2;
        var sequence = LiveDiscontinuityMark.FloorAt(anchor * slotMs);
        if (marks is not null)
        {
            sequence = Math.Max(sequence, Math.Max(marks.Current.Sequence, marks.Stored.Sequence) + 1);
        }

        var fresh = new LiveDiscontinuityMark(channelId, slotMs, anchor, sequence);
        var winner = await _store.ReplaceLiveDiscontinuityMarkAsync(marks?.Stored, fresh, ct).ConfigureAwait(false);
        if (winner == fresh)
        {
            // Players see the value jump up once here: say why.
            LogNewCount(_logger, channelId, fresh.Sequence, fresh.Slot, slotMs, marks is null ? "no stored mark"
                : marks.Current.SlotMilliseconds != slotMs ? $"the slot length was {marks.Current.SlotMilliseconds} ms"
                : marks.Current.Slot > LiveSegmentGrid.SlotOf(nowMs, slotMs) ? "the mark is ahead of the clock"
                : $"the mark was not followed for {(nowMs - (marks.Current.Slot * slotMs)) / 1000} s");
        }

        // Another reload or process that got there first started the same kind of count: follow it.
        var result = Follows(winner, nowMs, slotMs) ? new Marks(winner, winner) : new Marks(fresh, winner);
        _marks[channelId] = result;
        return result;
    }

    /// <summary>Whether a walk can go on from <paramref name="mark"/>: same slot length, not stale, not ahead of the clock.</summary>
    private static bool Follows(LiveDiscontinuityMark mark, long nowMs, long slotMs) =>
        mark.SlotMilliseconds == slotMs
        && mark.Slot <= LiveSegmentGrid.SlotOf(nowMs, slotMs)
        && mark.Slot * slotMs >= nowMs - (long)StaleAfter(slotMs).TotalMilliseconds;

    private async ValueTask AdvanceAsync(Marks marks, LiveDiscontinuityMark resume, CancellationToken ct)
    {
        var next = marks with { Current = resume };
        if ((resume.Slot - marks.Stored.Slot) * resume.SlotMilliseconds >= (long)StoreEvery.TotalMilliseconds)
        {
            // Whoever stored first, every mark on the way is on the same count: keep the stored one.
            var stored = await _store.ReplaceLiveDiscontinuityMarkAsync(marks.Stored, resume, ct).ConfigureAwait(false);
            next = new Marks(resume, stored);
        }

        // Only forward: a slower concurrent plan may finish after a faster one.
        _marks.AddOrUpdate(resume.ChannelId, next, (_, old) =>
            old.Current.SlotMilliseconds == next.Current.SlotMilliseconds && old.Current.Slot >= next.Current.Slot ? old : next);
    }

    [LoggerMessage(EventId = 7203, Level = LogLevel.Information,
        Message = "live EXT-X-DISCONTINUITY-SEQUENCE of channel {ChannelId}: a new count starts at {Sequence} from slot {Slot} of {SlotMs} ms ({Reason}); it is above every number given before")]
    private static partial void LogNewCount(ILogger logger, int channelId, long sequence, long slot, long slotMs, string reason);

    /// <summary>The mark this process follows, and the one it last saw stored.</summary>
    private sealed record Marks(LiveDiscontinuityMark Current, LiveDiscontinuityMark Stored);
}
