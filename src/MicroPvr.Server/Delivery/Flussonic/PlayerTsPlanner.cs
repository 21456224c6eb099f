using MicroPvr.Core.Catalog;
using MicroPvr.Core.Delivery;

namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary>
/// Where the MPEG-TS player URLs (compat spec §11: <c>mpegts</c>, <c>timeshift_abs/rel-….ts</c>,
/// <c>archive-FROM-DURATION.ts</c>, <c>seg-RECORD-OFFSET-LENGTH.ts</c>) start, or why they are
/// refused: one decision for the Kestrel handler (<see cref="PlayerUrlHandler"/>) and the
/// zero-copy fast path, so both give the same answer to the same URL. docs/player-urls.md.
/// </summary>
internal sealed class PlayerTsPlanner
{
    private const int PacketSize = 188;

    /// <summary>How far past now a requested time may be (the recorder's clock and the player's may differ a little).</summary>
    private static readonly TimeSpan FutureSlack = TimeSpan.FromSeconds(2);

    private readonly ArchiveTimeline _timeline;
    private readonly ICatalog _catalog;

    public PlayerTsPlanner(ArchiveTimeline timeline, ICatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(catalog);
        _timeline = timeline;
        _catalog = catalog;
    }

    public ArchiveTimeline Timeline => _timeline;

    private DateTimeOffset Now => _timeline.Time.GetUtcNow();

    /// <summary>
    /// The stream of a <see cref="FlussonicKind.LiveTs"/>, <see cref="FlussonicKind.TimeshiftTs"/> or
    /// <see cref="FlussonicKind.ArchiveTs"/> URL: live edge = endless from the newest keyframe of the
    /// record being written; timeshift = endless from FROM (or now − S) across records; archive =
    /// FROM to the first keyframe at or after FROM+DURATION. No span: a 404 with <see cref="PlayerTsStart.Refusal"/>.
    /// </summary>
    public async ValueTask<PlayerTsStart> StartAsync(FlussonicUrl url, int channelId, CancellationToken ct)
    {
        switch (url.Kind)
        {
            case FlussonicKind.LiveTs:
            {
                var span = await _timeline.StartAsync(channelId, Now, null, ct);
                return span is { Record.IsWriting: true }
                    ? new PlayerTsStart(span, new ArchiveStreamRequest(Endless: true, EndUtc: null, Priority: null), null, "")
                    : new PlayerTsStart(null, null, null, "channel is not being recorded now");
            }

            case FlussonicKind.TimeshiftTs:
            {
                var from = url.From >= 0 ? DateTimeOffset.FromUnixTimeSeconds(url.From) : Now - TimeSpan.FromSeconds(url.Seconds);
                var span = await StartNearestAsync(channelId, from, ct);
                return span is not null
                    ? new PlayerTsStart(span, new ArchiveStreamRequest(Endless: true, EndUtc: null, Priority: null), from, "")
                    : new PlayerTsStart(null, null, from, from > Now ? "time is in the future" : "nothing recorded at or after this time");
            }

            case FlussonicKind.ArchiveTs:
            {
                var from = DateTimeOffset.FromUnixTimeSeconds(url.From);
                var end = from + TimeSpan.FromSeconds(url.Seconds);
                var span = await StartNearestAsync(channelId, from, ct);
                if (span is not null && span.First.Utc >= end)
                {
                    span = null; // the archive resumes only after the window: nothing of it was recorded
                }

                return span is not null
                    ? new PlayerTsStart(span, new ArchiveStreamRequest(Endless: false, EndUtc: end, Priority: null), from, "")
                    : new PlayerTsStart(null, null, from, from > Now ? "time is in the future" : "nothing recorded in this window");
            }

            default:
                throw new ArgumentException($"{url.Kind} is not an MPEG-TS stream", nameof(url));
        }
    }

    /// <summary>
    /// The record file of a <see cref="FlussonicKind.Segment"/> URL, open for reading, when the record
    /// belongs to the channel, the range is whole packets and the file holds it now; else the reason
    /// of the 404.
    /// </summary>
    public async ValueTask<PlayerSegment> OpenSegmentAsync(FlussonicUrl url, int channelId, CancellationToken ct)
    {
        var record = await _catalog.GetRecordAsync(url.RecordId, ct);
        if (record is null || record.ChannelId != channelId || url.Offset % PacketSize != 0 || url.Length % PacketSize != 0)
        {
            return new PlayerSegment(null, "no such segment");
        }

        FileStream file;
        try
        {
            // FileShare.ReadWrite | Delete: the recorder keeps writing and retention keeps deleting.
            // Asynchronous: the fast path's SendPacketsElement insists on it.
            file = new FileStream(record.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new PlayerSegment(null, "record is gone");
        }

        if (url.Offset + url.Length > file.Length)
        {
            await file.DisposeAsync();
            return new PlayerSegment(null, "segment is not in the record");
        }

        return new PlayerSegment(file, "");
    }

    /// <summary>
    /// Where a stream or window starting at <paramref name="at"/> begins: the keyframe at or before
    /// it (inside a gap: the first keyframe after the gap). A time before the channel's archive
    /// starts at the archive's first keyframe — the nearest available point — because a player
    /// asking for a programme whose beginning was not recorded wants what there is. Null when the
    /// time is in the future or nothing was recorded at or after it.
    /// </summary>
    public async ValueTask<ArchiveSpan?> StartNearestAsync(int channelId, DateTimeOffset at, CancellationToken ct)
    {
        var now = Now;
        if (at > now + FutureSlack)
        {
            return null;
        }

        var span = await _timeline.StartAsync(channelId, at, null, ct);
        if (span is not null)
        {
            return span;
        }

        RecordFile? first = null;
        foreach (var r in await _catalog.FindRecordsAsync(channelId, at, now + TimeSpan.FromDays(1), ct))
        {
            if (r.Start > at && (first is null || r.Start < first.Start))
            {
                first = r;
            }
        }

        return first is null ? null : await _timeline.StartAsync(channelId, first.Start, null, ct);
    }
}

/// <summary>The start of a player MPEG-TS stream: a span to stream, or null and the reason of the 404.</summary>
/// <param name="Requested">The requested time (compat spec §5 near_end); null at the live edge.</param>
internal readonly record struct PlayerTsStart(ArchiveSpan? Span, ArchiveStreamRequest? Request, DateTimeOffset? Requested, string Refusal);

/// <summary>An open record file holding a segment, or null and the reason of the 404.</summary>
internal readonly record struct PlayerSegment(FileStream? File, string Refusal);
