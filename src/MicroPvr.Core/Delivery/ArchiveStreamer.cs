using MicroPvr.Core.Catalog;
using MicroPvr.Core.Monitoring;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// Copies the archive to a client as one MPEG-TS stream: from an index entry (PAT, PMT, keyframe)
/// to the end of the record, or across records and along the live edge (endless), or up to an end
/// time. Files are opened with FileShare.ReadWrite|Delete so readers never block the recorder or
/// retention; a record deleted mid-stream is read to the end of what is open and the stream then
/// ends cleanly. Bytes are counted as they are sent (the load score measures them).
/// </summary>
public sealed partial class ArchiveStreamer
{
    private const int PacketSize = 188;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan CatalogPollInterval = TimeSpan.FromSeconds(1);
    /// <summary>A growing record that stops growing this long ends an endless stream (the recorder is gone).</summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromMinutes(2);
    /// <summary>Longest wait at the live edge for the next run's index to show the frame to switch at.</summary>
    private static readonly TimeSpan SeamWaitLimit = TimeSpan.FromSeconds(10);

    private readonly ArchiveTimeline _timeline;
    private readonly RequestStatistics? _statistics;
    private readonly ILogger _log;

    public ArchiveStreamer(ArchiveTimeline timeline, RequestStatistics? statistics, ILogger<ArchiveStreamer> log)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(log);
        _timeline = timeline;
        _statistics = statistics;
        _log = log;
    }

    /// <summary>Streams from <paramref name="start"/> into <paramref name="output"/>; returns the bytes written.</summary>
    /// <param name="clientGone">See <see cref="StreamArchiveSink(Stream, Func{bool})"/>.</param>
    public async Task<long> StreamAsync(ArchiveSpan start, ArchiveStreamRequest request, Stream output, CancellationToken ct, Func<bool>? clientGone = null)
    {
        using var sink = new StreamArchiveSink(output, clientGone);
        return await StreamAsync(start, request, sink, ct);
    }

    /// <summary>Streams from <paramref name="start"/>, each file range through <paramref name="sink"/>; returns the bytes sent.</summary>
    public async Task<long> StreamAsync(ArchiveSpan start, ArchiveStreamRequest request, IArchiveSink sink, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        long total = 0;
        var span = start;
        while (span is not null)
        {
            var (sent, next, more) = await StreamRecordAsync(span, request, sink, ct);
            total += sent;
            if (!more || next is null || (!request.Endless && request.EndUtc is null))
            {
                break;
            }

            LogSwitch(_log, span.Record.Path, next.Record.Path, next.First.UtcMilliseconds);
            span = next;
        }

        return total;
    }

    /// <summary>One record: returns bytes sent, the span that follows, and whether to go on.</summary>
    private async Task<(long Sent, ArchiveSpan? Next, bool More)> StreamRecordAsync(ArchiveSpan span, ArchiveStreamRequest request, IArchiveSink sink, CancellationToken ct)
    {
        var record = span.Record;
        FileStream file;
        try
        {
            file = new FileStream(record.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            LogRecordGone(_log, record.Path);
            return (0, null, false);
        }

        await using (file)
        {
            var pos = span.StartOffset;
            long sent = 0;
            long? stop = null;
            ArchiveSpan? next = null;
            var endReached = false;
            // Finished, but the seam is not known yet (see FinishAsync): the span to ask about again,
            // and since when the stream has been held at the last keyframe.
            ArchiveSpan? seamPending = null;
            long seamHeldSince = 0;
            var time = _timeline.Time;
            var lastGrowth = time.GetTimestamp();
            var lastCatalog = lastGrowth;

            if (!record.IsWriting)
            {
                (stop, next, seamPending) = await FinishAsync(span, pos, file.Length, request, ct);
            }

            (stop, endReached) = ApplyEnd(span, request, stop);
            var goesOn = request.Endless || request.EndUtc is not null;
            RecordFile? nextRun = null;
            long seamWaitStart = 0;
            while (true)
            {
                // A record being written: now and then (also while catching up from behind, so a
                // record that finished meanwhile is left at its seam, not at its ragged end) ask
                // whether it finished, was deleted, or has a next run recording beside it.
                if (stop is null && time.GetElapsedTime(lastCatalog) >= CatalogPollInterval)
                {
                    lastCatalog = time.GetTimestamp();
                    RecordFile? current;
                    if (goesOn && seamWaitStart == 0)
                    {
                        (current, nextRun) = await _timeline.RefreshWithNextRunAsync(record, ct);
                    }
                    else
                    {
                        current = await _timeline.RefreshAsync(record, ct);
                    }

                    if (current is null)
                    {
                        LogRecordGone(_log, record.Path);
                        return (sent, null, false);
                    }

                    if (!current.IsWriting)
                    {
                        (stop, next, seamPending) = await FinishAsync(span with { Record = current }, pos, file.Length, request, ct);
                        (stop, endReached) = ApplyEnd(span, request, stop);
                        if (stop < pos)
                        {
                            stop = pos;
                        }
                    }
                    else if (time.GetElapsedTime(lastGrowth) > StallLimit)
                    {
                        return (sent, null, false);
                    }
                }

                var limit = stop ?? AlignedEnd(file.Length, span.StartOffset);
                if (stop is null && nextRun is not null)
                {
                    // The next run already records beside this one: leave at a keyframe not sent yet.
                    var (readLimit, seamNext) = LiveSeam.Plan(_timeline.Indexes.Get(record), _timeline.Indexes.Get(nextRun), nextRun, pos);
                    if (seamNext is not null)
                    {
                        stop = readLimit;
                        next = seamNext;
                        continue;
                    }

                    seamWaitStart = readLimit > pos ? 0 : seamWaitStart == 0 ? time.GetTimestamp() : seamWaitStart;
                    if (seamWaitStart != 0 && time.GetElapsedTime(seamWaitStart) > SeamWaitLimit)
                    {
                        // The indexes do not line up (another ingest?): follow this file to its end instead.
                        nextRun = null;
                    }
                    else
                    {
                        limit = Math.Min(limit, readLimit);
                    }
                }

                if (pos < limit)
                {
                    var n = await sink.SendAsync(file, pos, (int)Math.Min(sink.MaxRangeBytes, limit - pos), ct);
                    if (n <= 0)
                    {
                        // The file is shorter than its index said (truncated or replaced): end cleanly.
                        return (sent, null, false);
                    }

                    pos += n;
                    sent += n;
                    _statistics?.AddBytesSent(n);
                    lastGrowth = time.GetTimestamp();
                    continue;
                }

                if (seamPending is not null)
                {
                    // Held at the finished record's last keyframe: ask again until the next run's
                    // index has the seam (its recorder flushes about once a second), then go on.
                    (stop, next, seamPending) = await FinishAsync(seamPending, pos, file.Length, request, ct);
                    if (seamPending is not null)
                    {
                        seamHeldSince = seamHeldSince == 0 ? time.GetTimestamp() : seamHeldSince;
                        if (time.GetElapsedTime(seamHeldSince) > SeamWaitLimit)
                        {
                            // The indexes do not line up (another ingest?): the record to its end,
                            // then the stream ends, as when nothing follows it.
                            LogSeamNotIndexed(_log, record.Path, (long)SeamWaitLimit.TotalMilliseconds);
                            (stop, next, seamPending) = (AlignedEnd(file.Length, span.StartOffset), null, null);
                        }
                        else
                        {
                            await Task.Delay(PollInterval, time, ct);
                        }
                    }

                    continue;
                }

                if (stop is not null)
                {
                    return (sent, endReached ? null : next, !endReached);
                }

                // Live edge of a growing record: wait for more data.
                await Task.Delay(PollInterval, time, ct);
                if (request.EndUtc is not null)
                {
                    // A window that ends in the future (stop is still open here): once the growing
                    // index reaches the end time, stop at that keyframe instead of following the
                    // live edge for ever. Get refreshes the cached view of the growing index that
                    // span.Index reads.
                    _timeline.Indexes.Get(record);
                    (stop, endReached) = ApplyEnd(span, request, null);
                    if (stop is not null)
                    {
                        stop = Math.Max(stop.Value, pos);
                    }
                }
            }
        }
    }

    /// <summary>
    /// A finished record: where to stop in it and what follows (the seam only matters when going
    /// on). SeamPending (the span to ask about again) when an endless stream must first wait for
    /// the seam; Stop is then where to hold.
    /// </summary>
    private async Task<(long? Stop, ArchiveSpan? Next, ArchiveSpan? SeamPending)> FinishAsync(ArchiveSpan span, long pos, long fileLength, ArchiveStreamRequest request, CancellationToken ct)
    {
        var end = AlignedEnd(fileLength, span.StartOffset);
        if (!request.Endless && request.EndUtc is null)
        {
            return (end, null, null);
        }

        var handover = await _timeline.HandoverAsync(span, pos, request.Priority, ct);
        if (handover.NextNotIndexedYet && request.Endless && request.EndUtc is null)
        {
            // The next run records beside this record (compat spec §3 overlap) but its index has
            // not reached our last keyframe yet. Sending past that keyframe now would lose the
            // frames from the ragged file end to the next run's next keyframe; ending the stream
            // would stop an endless one. Hold at the last keyframe (at the file end when already
            // past it: then the next run continues after it) and ask again.
            var index = _timeline.Indexes.Get(span.Record);
            var last = index.Count > 0 ? index[index.Count - 1].ByteOffset : end;
            return (last >= pos ? Math.Min(last, end) : end, null, span);
        }

        var stop = handover.StopOffset is { } s && s >= pos ? Math.Min(s, end) : end;
        return (stop, handover.Next, null);
    }

    /// <summary>With an end time: stop at the first keyframe at or after it, if this record has it.</summary>
    private static (long? Stop, bool EndReached) ApplyEnd(ArchiveSpan span, ArchiveStreamRequest request, long? stop)
    {
        if (request.EndUtc is not { } endUtc)
        {
            return (stop, false);
        }

        var index = span.Index;
        var i = index.FindAtOrAfter(endUtc.ToUnixTimeMilliseconds());
        if (i > span.FirstEntry && (stop is null || index[i].ByteOffset <= stop))
        {
            return (index[i].ByteOffset, true);
        }

        if (i == span.FirstEntry && i >= 0)
        {
            // The window ends before the first keyframe of this span: still send one GOP.
            return (i + 1 < index.Count ? Math.Min(index[i + 1].ByteOffset, stop ?? long.MaxValue) : stop, true);
        }

        return (stop, false);
    }

    /// <summary>End of whole packets: the recorder may be mid-way through writing one.</summary>
    private static long AlignedEnd(long length, long start) => length <= start ? start : start + ((length - start) / PacketSize * PacketSize);
}
