using System.Buffers;
using System.Globalization;

namespace MicroPvr.Media.Hls;

/// <summary>
/// Writes an HLS media playlist (RFC 8216) as UTF-8 straight into a buffer writer: no strings,
/// no per-segment allocations, so a 4-hour byte-range playlist costs only its own bytes.
/// The caller plans segments first (the target duration must be known before the first one),
/// then calls the Write* methods in playlist order.
/// </summary>
public sealed class HlsPlaylistWriter
{
    // Longest line we format in one go: a tag plus two longs or a date; URIs are copied separately.
    private const int MaxFormattedLine = 96;
    private readonly IBufferWriter<byte> _output;

    public HlsPlaylistWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>#EXTM3U and the playlist tags (RFC 8216 §4.3.1.1, §4.3.3).</summary>
    public void WriteHeader(in HlsPlaylistHeader header)
    {
        WriteAscii("#EXTM3U\n"u8);
        WriteTagWithInteger("#EXT-X-VERSION:"u8, header.Version);
        WriteTagWithInteger("#EXT-X-TARGETDURATION:"u8, header.TargetDurationSeconds);
        WriteTagWithInteger("#EXT-X-MEDIA-SEQUENCE:"u8, header.MediaSequence);
        if (header.DiscontinuitySequence > 0)
        {
            WriteTagWithInteger("#EXT-X-DISCONTINUITY-SEQUENCE:"u8, header.DiscontinuitySequence);
        }

        switch (header.Type)
        {
            case HlsPlaylistType.Event:
                WriteAscii("#EXT-X-PLAYLIST-TYPE:EVENT\n"u8);
                break;
            case HlsPlaylistType.Vod:
                WriteAscii("#EXT-X-PLAYLIST-TYPE:VOD\n"u8);
                break;
        }
    }

    /// <summary>
    /// EXT-X-START:TIME-OFFSET=0 (§4.3.5.2): play from the first segment. Without it players start
    /// a playlist that has no EXT-X-ENDLIST near its live end (§6.3.3), which is wrong for a
    /// catch-up EVENT playlist that begins at the programme start.
    /// </summary>
    public void WriteStartAtBeginning() => WriteAscii("#EXT-X-START:TIME-OFFSET=0\n"u8);

    /// <summary>EXT-X-DISCONTINUITY before a segment whose timestamps or encoding do not continue the previous one (§4.3.2.3).</summary>
    public void WriteDiscontinuity() => WriteAscii("#EXT-X-DISCONTINUITY\n"u8);

    /// <summary>EXT-X-PROGRAM-DATE-TIME of the next segment's first sample, UTC with milliseconds (§4.3.2.6).</summary>
    public void WriteProgramDateTime(DateTimeOffset utc)
    {
        var span = _output.GetSpan(MaxFormattedLine);
        var prefix = "#EXT-X-PROGRAM-DATE-TIME:"u8;
        prefix.CopyTo(span);
        var written = prefix.Length;
        if (!utc.UtcDateTime.TryFormat(span[written..], out var n, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("Buffer writer returned a span shorter than requested.");
        }

        written += n;
        span[written++] = (byte)'\n';
        _output.Advance(written);
    }

    /// <summary>EXTINF with a decimal duration (version 3 or more, §4.3.2.1), then the URI line.</summary>
    public void WriteSegment(double durationSeconds, ReadOnlySpan<char> uri)
    {
        WriteExtInf(durationSeconds);
        WriteUriLine(uri);
    }

    /// <summary>EXTINF, EXT-X-BYTERANGE:length@offset (version 4, §4.3.2.2), then the URI line.</summary>
    public void WriteByteRangeSegment(double durationSeconds, long length, long offset, ReadOnlySpan<char> uri)
    {
        WriteExtInf(durationSeconds);
        var span = _output.GetSpan(MaxFormattedLine);
        var prefix = "#EXT-X-BYTERANGE:"u8;
        prefix.CopyTo(span);
        var written = prefix.Length;
        written += FormatInteger(length, span[written..]);
        span[written++] = (byte)'@';
        written += FormatInteger(offset, span[written..]);
        span[written++] = (byte)'\n';
        _output.Advance(written);
        WriteUriLine(uri);
    }

    /// <summary>EXT-X-ENDLIST: no more segments will be added (§4.3.3.4).</summary>
    public void WriteEndList() => WriteAscii("#EXT-X-ENDLIST\n"u8);

    /// <summary>The smallest legal EXT-X-TARGETDURATION for a segment duration (§4.3.3.1: rounded to nearest).</summary>
    public static int TargetDurationFor(double maxSegmentSeconds) =>
        Math.Max(1, (int)Math.Round(maxSegmentSeconds, MidpointRounding.AwayFromZero));

    private void WriteExtInf(double durationSeconds)
    {
        var span = _output.GetSpan(MaxFormattedLine);
        var prefix = "#EXTINF:"u8;
        prefix.CopyTo(span);
        var written = prefix.Length;
        if (!durationSeconds.TryFormat(span[written..], out var n, "0.000", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("Buffer writer returned a span shorter than requested.");
        }

        written += n;
        span[written++] = (byte)',';
        span[written++] = (byte)'\n';
        _output.Advance(written);
    }

    private void WriteUriLine(ReadOnlySpan<char> uri)
    {
        // URIs are ASCII by construction (paths we build; RFC 3986 escaping is the caller's job).
        var span = _output.GetSpan(uri.Length + 1);
        for (var i = 0; i < uri.Length; i++)
        {
            var c = uri[i];
            if (c > 0x7E || c < 0x21)
            {
                throw new ArgumentException("A playlist URI must be printable ASCII without spaces.", nameof(uri));
            }

            span[i] = (byte)c;
        }

        span[uri.Length] = (byte)'\n';
        _output.Advance(uri.Length + 1);
    }

    private void WriteTagWithInteger(ReadOnlySpan<byte> tag, long value)
    {
        var span = _output.GetSpan(MaxFormattedLine);
        tag.CopyTo(span);
        var written = tag.Length;
        written += FormatInteger(value, span[written..]);
        span[written++] = (byte)'\n';
        _output.Advance(written);
    }

    private static int FormatInteger(long value, Span<byte> destination)
    {
        if (!value.TryFormat(destination, out var n, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("Buffer writer returned a span shorter than requested.");
        }

        return n;
    }

    private void WriteAscii(ReadOnlySpan<byte> text)
    {
        var span = _output.GetSpan(text.Length);
        text.CopyTo(span);
        _output.Advance(text.Length);
    }
}
