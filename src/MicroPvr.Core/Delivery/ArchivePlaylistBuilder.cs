using System.Buffers;
using System.Globalization;
using MicroPvr.Core.Catalog;
using MicroPvr.Media.Hls;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// Writes a planned window as an HLS media playlist (RFC 8216): EXT-X-PROGRAM-DATE-TIME on the
/// first segment and after every discontinuity, VOD + EXT-X-ENDLIST for a window in the past,
/// EVENT for one that still grows, no type for a sliding live playlist.
/// </summary>
public static class ArchivePlaylistBuilder
{
    /// <summary>Writes the playlist.</summary>
    /// <param name="output">UTF-8 destination.</param>
    /// <param name="window">The segments.</param>
    /// <param name="style">Byte ranges of record files, or one URI per segment.</param>
    /// <param name="recordUri">For <see cref="SegmentUriStyle.ByteRange"/>: the URI of a record file relative to the playlist.</param>
    /// <param name="minTargetSeconds">EXT-X-TARGETDURATION floor: a growing playlist must keep the same value (§4.3.3.1), so pass the planning maximum.</param>
    /// <param name="live">A sliding live window: no playlist type.</param>
    /// <param name="mediaSequence">EXT-X-MEDIA-SEQUENCE of the first segment.</param>
    public static void Write(IBufferWriter<byte> output, PlannedWindow window, SegmentUriStyle style, Func<RecordFile, string>? recordUri,
        int minTargetSeconds, bool live = false, long mediaSequence = 0) =>
        Write(output, window, new PlaylistWriteOptions(style, minTargetSeconds) { RecordUri = recordUri, Live = live, MediaSequence = mediaSequence });

    /// <summary>Writes the playlist with every option of <see cref="PlaylistWriteOptions"/>.</summary>
    public static void Write(IBufferWriter<byte> output, PlannedWindow window, PlaylistWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(options);
        var style = options.Style;
        if (style == SegmentUriStyle.ByteRange)
        {
            ArgumentNullException.ThrowIfNull(options.RecordUri);
        }

        var longest = 0.0;
        foreach (var s in window.Segments)
        {
            longest = Math.Max(longest, s.DurationSeconds);
        }

        var live = options.Live;
        var type = live ? HlsPlaylistType.None : window.Complete ? HlsPlaylistType.Vod : HlsPlaylistType.Event;
        var target = Math.Max(HlsPlaylistWriter.TargetDurationFor(longest), window.Complete ? 1 : options.MinTargetSeconds);
        var writer = new HlsPlaylistWriter(output);
        // Version 4 for EXT-X-BYTERANGE (RFC 8216 §7); decimal EXTINF needs 3.
        writer.WriteHeader(new HlsPlaylistHeader(style == SegmentUriStyle.ByteRange ? 4 : 3, target, options.MediaSequence, type, options.DiscontinuitySequence));
        if (options.StartAtBeginning)
        {
            writer.WriteStartAtBeginning();
        }

        RecordFile? lastRecord = null;
        string? lastUri = null;
        Span<char> segmentUri = stackalloc char[96];
        for (var i = 0; i < window.Segments.Count; i++)
        {
            var s = window.Segments[i];
            if (s.Discontinuity && i > 0)
            {
                writer.WriteDiscontinuity();
            }

            if (i == 0 || s.Discontinuity)
            {
                writer.WriteProgramDateTime(s.StartUtc);
            }

            if (style == SegmentUriStyle.ByteRange)
            {
                if (!ReferenceEquals(s.Record, lastRecord))
                {
                    lastRecord = s.Record;
                    lastUri = options.RecordUri!(s.Record);
                }

                writer.WriteByteRangeSegment(s.DurationSeconds, s.Length, s.ByteOffset, lastUri);
            }
            else
            {
                var n = FormatSegmentUri(segmentUri, s);
                writer.WriteSegment(s.DurationSeconds, segmentUri[..n]);
            }
        }

        if (window.Complete && !live)
        {
            writer.WriteEndList();
        }
    }

    /// <summary><c>seg-&lt;recordId&gt;-&lt;offset&gt;-&lt;length&gt;.ts</c>.</summary>
    public static int FormatSegmentUri(Span<char> destination, in PlannedSegment s)
    {
        if (!destination.TryWrite(CultureInfo.InvariantCulture, $"seg-{s.Record.Id}-{s.ByteOffset}-{s.Length}.ts", out var n))
        {
            throw new ArgumentException("Destination too short.", nameof(destination));
        }

        return n;
    }
}
