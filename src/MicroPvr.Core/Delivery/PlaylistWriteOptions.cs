using MicroPvr.Core.Catalog;

namespace MicroPvr.Core.Delivery;

/// <summary>How <see cref="ArchivePlaylistBuilder"/> writes a planned window.</summary>
/// <param name="Style">Byte ranges of record files, or one URI per segment.</param>
/// <param name="MinTargetSeconds">EXT-X-TARGETDURATION floor: a growing playlist must keep the same value (RFC 8216 §4.3.3.1).</param>
public sealed record PlaylistWriteOptions(SegmentUriStyle Style, int MinTargetSeconds)
{
    /// <summary>For <see cref="SegmentUriStyle.ByteRange"/>: the URI of a record file relative to the playlist.</summary>
    public Func<RecordFile, string>? RecordUri { get; init; }

    /// <summary>A sliding live window: no playlist type, never EXT-X-ENDLIST.</summary>
    public bool Live { get; init; }

    /// <summary>EXT-X-MEDIA-SEQUENCE of the first segment.</summary>
    public long MediaSequence { get; init; }

    /// <summary>EXT-X-DISCONTINUITY-SEQUENCE of a live window (discontinuities that slid out of it).</summary>
    public long DiscontinuitySequence { get; init; }

    /// <summary>Write EXT-X-START:TIME-OFFSET=0 so that players start an EVENT playlist at its first segment.</summary>
    public bool StartAtBeginning { get; init; }
}
