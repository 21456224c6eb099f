using MicroPvr.Core.Catalog;
using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// Recorded ranges and gaps per channel over a time window (what Flussonic's recording_status
/// gives): the API's get_recording_status and the HTTP /CH/recording_status.json both answer from
/// here. A range is time covered by at least one record file of any copy; inside a file the holes
/// the recorder marked in the keyframe index (<see cref="IndexGaps"/>) are not covered, and
/// neither is a late start (first keyframe long after the file's start). A copy may fill another
/// copy's hole. Files without an index are taken from their catalog row alone.
/// </summary>
public sealed class RecordingCoverage
{
    /// <summary>
    /// How far the newest keyframe of a file being written may lag "now" and the file still count
    /// as recording up to now: index entries reach the disk about every second, one GOP later.
    /// </summary>
    private static readonly TimeSpan LiveSlack = TimeSpan.FromSeconds(5);

    private readonly ICatalog _catalog;
    private readonly RecordIndexCache _indexes;
    private readonly TimeProvider _time;

    public RecordingCoverage(ICatalog catalog, RecordIndexCache indexes, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(indexes);
        ArgumentNullException.ThrowIfNull(time);
        _catalog = catalog;
        _indexes = indexes;
        _time = time;
    }

    /// <summary>
    /// Coverage of one channel, or of every channel that has records (sorted by channel id) when
    /// <paramref name="channelId"/> is null. A channel asked for by id is always in the answer
    /// (all gap when it has no record). <paramref name="from"/> defaults to the channel's first
    /// recorded time (the window end when none), <paramref name="to"/> to now.
    /// </summary>
    public async ValueTask<IReadOnlyList<ChannelCoverage>> GetAsync(int? channelId, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken ct = default)
    {
        if (from is { } f && to is { } t && f > t)
        {
            throw new ArgumentException("'from' must not be after 'to'", nameof(from));
        }

        var now = _time.GetUtcNow();
        var windowEnd = to ?? now;
        var records = await _catalog.GetRecordsAsync(channelId, ct).ConfigureAwait(false);
        var byChannel = new SortedDictionary<int, List<RecordFile>>();
        foreach (var record in records)
        {
            if (!byChannel.TryGetValue(record.ChannelId, out var list))
            {
                byChannel.Add(record.ChannelId, list = []);
            }

            list.Add(record);
        }

        if (channelId is { } only && !byChannel.ContainsKey(only))
        {
            byChannel.Add(only, []);
        }

        var result = new List<ChannelCoverage>(byChannel.Count);
        foreach (var (channel, list) in byChannel)
        {
            ct.ThrowIfCancellationRequested();
            result.Add(Describe(channel, list, from, windowEnd, now));
        }

        return result;
    }

    /// <summary>Coverage of one channel (see <see cref="GetAsync"/>).</summary>
    public async ValueTask<ChannelCoverage> GetChannelAsync(int channelId, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken ct = default) =>
        (await GetAsync(channelId, from, to, ct).ConfigureAwait(false))[0];

    private ChannelCoverage Describe(int channelId, List<RecordFile> records, DateTimeOffset? from, DateTimeOffset to, DateTimeOffset now)
    {
        // Without a window start the whole history counts (the default is the first record).
        var scanFrom = from ?? DateTimeOffset.MinValue;
        var covered = new List<TimeRange>();
        foreach (var record in records)
        {
            var end = CatalogEnd(record, now);
            if (record.Start > to || end < scanFrom)
            {
                continue;
            }

            covered.AddRange(Covered(record, end, scanFrom, to, now));
        }

        var ranges = TimeRanges.Union(covered);
        var windowStart = from ?? (ranges.Count > 0 && ranges[0].From < to ? ranges[0].From : to);
        var clipped = TimeRanges.Clip(ranges, windowStart, to);
        return new ChannelCoverage(channelId, windowStart, to, clipped, TimeRanges.Complement(clipped, windowStart, to));
    }

    private static DateTimeOffset CatalogEnd(RecordFile record, DateTimeOffset now) =>
        record.Stop is { } stop ? (record.IsWriting && now > stop ? now : stop) : record.IsWriting ? now : record.Start;

    /// <summary>The time one record file really holds, as far as it overlaps [from, to].</summary>
    private List<TimeRange> Covered(RecordFile record, DateTimeOffset catalogEnd, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        var index = _indexes.Get(record);
        if (index.Count == 0)
        {
            // A live file whose index exists but holds no keyframe yet has received nothing
            // servable (the source is down since the file was opened). Otherwise (no index at
            // all, or a finished file) the catalog row is all we know.
            return record.IsWriting && File.Exists(index.Path) ? [] : [new TimeRange(record.Start, catalogEnd)];
        }

        var firstEntry = index[0];
        var lastEntry = index[index.Count - 1];
        var lastGop = TimeSpan.FromMilliseconds(RecordSeam.GopMilliseconds(index, index.Count - 1));
        var end = record.Stop ?? lastEntry.Utc + lastGop;
        if (record.IsWriting)
        {
            // A live file: recording up to now unless its newest keyframe is older than one GOP
            // plus the flush delay, i.e. the source is silent right now (that gap shows at once,
            // before the recorder flags the next keyframe).
            var indexEnd = lastEntry.Utc + lastGop;
            end = now - indexEnd <= lastGop + LiveSlack ? now : (indexEnd > end ? indexEnd : end);
        }

        var start = record.Start;
        var firstGop = RecordSeam.GopMilliseconds(index, 1);
        if (firstEntry.UtcMilliseconds - start.ToUnixTimeMilliseconds() > 2 * firstGop)
        {
            // Nothing arrived for a while after the file was opened (source down at start).
            start = firstEntry.Utc;
        }

        if (end <= start)
        {
            return [];
        }

        var holes = IndexGaps.Find(index, from > start ? from : start, to < end ? to : end);
        return TimeRanges.Subtract(new TimeRange(start, end), holes);
    }
}
