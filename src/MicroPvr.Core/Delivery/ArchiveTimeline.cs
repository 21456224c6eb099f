using MicroPvr.Core.Catalog;
using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// The archive of one channel as one timeline across record files and copies (compat spec §2):
/// where a requested time starts, and what follows when a record's data ends (the seam across
/// the 80-second overlap of daily files, the next record after a gap, another copy).
/// Streaming (/ts), playlists and get_file_and_offset all walk the archive through this type.
/// </summary>
public sealed class ArchiveTimeline
{
    /// <summary>How far past a record's last keyframe a time may be and still be served by it.</summary>
    private static readonly TimeSpan FutureSlack = TimeSpan.FromSeconds(2);

    private readonly ICatalog _catalog;
    private readonly RecordIndexCache _indexes;
    private readonly TimeProvider _time;

    public ArchiveTimeline(ICatalog catalog, RecordIndexCache indexes, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(indexes);
        ArgumentNullException.ThrowIfNull(time);
        _catalog = catalog;
        _indexes = indexes;
        _time = time;
    }

    public RecordIndexCache Indexes => _indexes;

    public TimeProvider Time => _time;

    /// <summary>
    /// Where <paramref name="at"/> is served from: the keyframe at or before it in the
    /// highest-priority copy that covers it (lower number wins; <paramref name="priority"/> forces
    /// a copy). Inside a gap (between records, or a gap the recorder marked in the index) the
    /// nearest later keyframe. Null when the time is before the archive, in the future, or the
    /// channel has no record.
    /// </summary>
    public async ValueTask<ArchiveSpan?> StartAsync(int channelId, DateTimeOffset at, int? priority, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        if (at > now + FutureSlack)
        {
            return null;
        }

        var covering = Ordered(await _catalog.FindRecordsAsync(channelId, at, at, ct), priority);
        var atMs = at.ToUnixTimeMilliseconds();
        foreach (var record in covering)
        {
            var index = _indexes.Get(record);
            if (index.Count == 0 || at < record.Start)
            {
                continue;
            }

            var i = index.FindAtOrBefore(atMs);
            if (i < 0)
            {
                // Between the file's start and its first keyframe (data before it was dropped).
                i = 0;
            }
            else if (!record.IsWriting && record.Stop is { } stop && at > stop)
            {
                continue;
            }
            else if (i + 1 < index.Count && (index[i + 1].Flags & IndexEntryFlags.Gap) != 0
                && atMs - index[i].UtcMilliseconds > 2 * RecordSeam.GopMilliseconds(index, i))
            {
                // Inside a recorded gap: nothing was received at that time; continue after it.
                i++;
            }

            return new ArchiveSpan(record, index, i, Discontinuity: false);
        }

        // Nothing covers the time: in a gap between records continue at the next one; before the
        // first record (the archive's beginning was deleted or never recorded) there is nothing.
        var earlier = await _catalog.FindRecordsAsync(channelId, DateTimeOffset.UnixEpoch, at, ct);
        if (!HasAny(earlier, priority))
        {
            return null;
        }

        var later = await _catalog.FindRecordsAsync(channelId, at, now + TimeSpan.FromDays(1), ct);
        RecordFile? best = null;
        foreach (var r in later)
        {
            if (r.Start > at && Matches(r, priority) && (best is null || r.Start < best.Start
                || (r.Start == best.Start && r.Priority < best.Priority)))
            {
                best = r;
            }
        }

        if (best is not null && _indexes.Get(best) is { Count: > 0 } nextIndex)
        {
            return new ArchiveSpan(best, nextIndex, 0, Discontinuity: true);
        }

        return null;
    }

    /// <summary>
    /// Called when <paramref name="current"/>'s record has no more data to give (it is finished, or
    /// a successor has taken over). <paramref name="sentUpTo"/> is the byte offset reached in it.
    /// When the next record overlaps this one and we have not yet passed its last keyframe, we
    /// stop at that keyframe and continue at the same frame in the next file: nothing twice,
    /// nothing missing. When we already sent past it (we were following the live edge), we
    /// continue at the first keyframe after the last one sent.
    /// </summary>
    public async ValueTask<ArchiveHandover> HandoverAsync(ArchiveSpan current, long sentUpTo, int? priority, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        var index = _indexes.Get(current.Record);
        if (index.Count == 0)
        {
            return new ArchiveHandover(null, null);
        }

        var lastIndex = index.Count - 1;
        var last = index[lastIndex];
        var gop = RecordSeam.GopMilliseconds(index, lastIndex);
        var now = _time.GetUtcNow();
        var candidates = await _catalog.FindRecordsAsync(current.Record.ChannelId, last.Utc, now + TimeSpan.FromDays(1), ct);

        foreach (var next in Successors(candidates, current.Record, last, priority))
        {
            var nextIndex = _indexes.Get(next);
            // A record written beside this one (it started before our last keyframe) holds what
            // follows; while its recorder has not flushed the seam into its index yet, the seam is
            // not known. Answering "to the file end" now and "at the last keyframe" a moment later
            // would change a playlist that may only append (RFC 8216 §6.2.1): say it is not known.
            var besideAndGrowing = next.IsWriting && next.Start <= last.Utc;
            if (nextIndex.Count == 0)
            {
                if (besideAndGrowing)
                {
                    return new ArchiveHandover(null, null, NextNotIndexedYet: true);
                }

                continue;
            }

            if (next.Start > last.Utc)
            {
                // A gap between records: the next one from its beginning.
                return new ArchiveHandover(null, new ArchiveSpan(next, nextIndex, 0, Discontinuity: true));
            }

            if (sentUpTo <= last.ByteOffset && lastIndex > current.FirstEntry)
            {
                var j = RecordSeam.FirstAfter(nextIndex, index[lastIndex - 1], gop);
                if (j >= 0)
                {
                    return new ArchiveHandover(last.ByteOffset, new ArchiveSpan(next, nextIndex, j, Discontinuity: true));
                }
            }

            var k = RecordSeam.FirstAfter(nextIndex, last, gop);
            if (k >= 0)
            {
                return new ArchiveHandover(null, new ArchiveSpan(next, nextIndex, k, Discontinuity: true));
            }

            if (besideAndGrowing)
            {
                return new ArchiveHandover(null, null, NextNotIndexedYet: true);
            }
        }

        return new ArchiveHandover(null, null);
    }

    /// <summary>The record as the catalog knows it now (writing flag, stop), or null when it was deleted.</summary>
    public async ValueTask<RecordFile?> RefreshAsync(RecordFile record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        foreach (var r in await _catalog.FindRecordsAsync(record.ChannelId, record.Start, record.Start, ct))
        {
            if (string.Equals(r.Path, record.Path, StringComparison.Ordinal))
            {
                return r;
            }
        }

        return null;
    }

    /// <summary>
    /// The record as the catalog knows it now (null when deleted) and, while it is being written,
    /// the next run of the same task that already records beside it (the overlap of seamless
    /// periodic files, compat spec §3), if any. One catalog query.
    /// </summary>
    public async ValueTask<(RecordFile? Current, RecordFile? NextRun)> RefreshWithNextRunAsync(RecordFile record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        RecordFile? current = null;
        RecordFile? nextRun = null;
        foreach (var r in await _catalog.FindRecordsAsync(record.ChannelId, record.Start, _time.GetUtcNow() + TimeSpan.FromDays(1), ct))
        {
            if (string.Equals(r.Path, record.Path, StringComparison.Ordinal))
            {
                current = r;
            }
            else if (r.TaskId == record.TaskId && r.IsWriting && r.Start > record.Start && (nextRun is null || r.Start < nextRun.Start))
            {
                nextRun = r;
            }
        }

        return (current, current is { IsWriting: true } ? nextRun : null);
    }

    private static List<RecordFile> Successors(IReadOnlyList<RecordFile> candidates, RecordFile current, IndexEntry last, int? priority)
    {
        var list = new List<RecordFile>(candidates.Count);
        foreach (var r in candidates)
        {
            if (!string.Equals(r.Path, current.Path, StringComparison.Ordinal) && Matches(r, priority)
                && (r.IsWriting || r.Stop is null || r.Stop > last.Utc))
            {
                list.Add(r);
            }
        }

        // A record that already covers the seam beats one that starts later; then the usual
        // preference, whose earliest start is here the next daily file rather than a far later one.
        list.Sort((a, b) =>
        {
            var ca = a.Start <= last.Utc;
            var cb = b.Start <= last.Utc;
            return ca != cb ? (ca ? -1 : 1) : CopyPreference.Compare(a, b);
        });
        return list;
    }

    private static List<RecordFile> Ordered(IReadOnlyList<RecordFile> records, int? priority)
    {
        var list = new List<RecordFile>(records.Count);
        foreach (var r in records)
        {
            if (Matches(r, priority))
            {
                list.Add(r);
            }
        }

        list.Sort(CopyPreference.Compare);
        return list;
    }

    private static bool HasAny(IReadOnlyList<RecordFile> records, int? priority)
    {
        foreach (var r in records)
        {
            if (Matches(r, priority))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(RecordFile r, int? priority) => priority is null || r.Priority == priority;
}
