namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary>
/// A parsed Flussonic-style file name (the part after /CHANNEL/, compat spec §11). Times are UTC
/// unix seconds. Prefixes <c>mono-</c> and <c>video-</c> are accepted on HLS forms and mean the
/// same stream (we serve the recorded multiplex as is, without splitting tracks).
/// </summary>
/// <param name="Kind">The form.</param>
/// <param name="From">Start (unix s) for absolute forms; -1 for timeshift_rel.</param>
/// <param name="Seconds">Duration for windows, or the offset for timeshift_rel.</param>
/// <param name="RecordId">Segment: record id.</param>
/// <param name="Offset">Segment: byte offset.</param>
/// <param name="Length">Segment: byte length.</param>
internal readonly record struct FlussonicUrl(FlussonicKind Kind, long From = 0, long Seconds = 0, long RecordId = 0, long Offset = 0, long Length = 0)
{
    public static bool TryParse(ReadOnlySpan<char> file, out FlussonicUrl url) => Parse(file, out url) == FlussonicParse.Ok;

    /// <summary>
    /// Parses <paramref name="file"/>. A name that starts like one of our forms but carries a
    /// malformed number (<c>timeshift_abs-12x.ts</c>, <c>archive-1-0.m3u8</c>) is
    /// <see cref="FlussonicParse.BadNumber"/> (400); a name we do not know is
    /// <see cref="FlussonicParse.NotPlayerUrl"/> (404).
    /// </summary>
    public static FlussonicParse Parse(ReadOnlySpan<char> file, out FlussonicUrl url)
    {
        url = default;
        switch (file)
        {
            case "mpegts":
                url = new FlussonicUrl(FlussonicKind.LiveTs);
                return FlussonicParse.Ok;
            case "index.m3u8" or "mono.m3u8" or "video.m3u8":
                url = new FlussonicUrl(FlussonicKind.LiveHls);
                return FlussonicParse.Ok;
            case "recording_status.json":
                url = new FlussonicUrl(FlussonicKind.RecordingStatus);
                return FlussonicParse.Ok;
        }

        bool hls;
        if (file.EndsWith(".m3u8", StringComparison.Ordinal))
        {
            hls = true;
            file = file[..^5];
        }
        else if (file.EndsWith(".ts", StringComparison.Ordinal))
        {
            hls = false;
            file = file[..^3];
        }
        else
        {
            return FlussonicParse.NotPlayerUrl;
        }

        if (file.StartsWith("seg-", StringComparison.Ordinal))
        {
            return hls ? FlussonicParse.NotPlayerUrl : ParseSegment(file[4..], out url);
        }

        var prefixed = false;
        if (file.StartsWith("mono-", StringComparison.Ordinal) || file.StartsWith("video-", StringComparison.Ordinal))
        {
            if (!hls)
            {
                // mono-/video- name HLS renditions only (compat spec §11: /CH/mono.m3u8).
                return FlussonicParse.NotPlayerUrl;
            }

            file = file[(file.IndexOf('-') + 1)..];
            prefixed = true;
        }

        if (file.StartsWith("timeshift_abs-", StringComparison.Ordinal))
        {
            if (!TryTime(file[14..], out var from))
            {
                return FlussonicParse.BadNumber;
            }

            url = new FlussonicUrl(hls ? FlussonicKind.TimeshiftHls : FlussonicKind.TimeshiftTs, From: from);
            return FlussonicParse.Ok;
        }

        if (file.StartsWith("timeshift_rel-", StringComparison.Ordinal))
        {
            if (!TryTime(file[14..], out var rel))
            {
                return FlussonicParse.BadNumber;
            }

            url = new FlussonicUrl(hls ? FlussonicKind.TimeshiftRelHls : FlussonicKind.TimeshiftTs, From: -1, Seconds: rel);
            return FlussonicParse.Ok;
        }

        // archive-FROM-DURATION, index-FROM-DURATION, *-FROM-now; after mono-/video- also FROM-DURATION.
        ReadOnlySpan<char> rest;
        var archive = false;
        if (file.StartsWith("archive-", StringComparison.Ordinal))
        {
            rest = file[8..];
            archive = true;
        }
        else if (file.StartsWith("index-", StringComparison.Ordinal) && hls)
        {
            rest = file[6..];
        }
        else if (prefixed && StartsWithDigit(file))
        {
            rest = file;
        }
        else
        {
            return FlussonicParse.NotPlayerUrl;
        }

        var dash = rest.IndexOf('-');
        if (dash <= 0 || !TryTime(rest[..dash], out var start))
        {
            return FlussonicParse.BadNumber;
        }

        var tail = rest[(dash + 1)..];
        if (tail is "now")
        {
            if (!hls)
            {
                return FlussonicParse.NotPlayerUrl;
            }

            url = new FlussonicUrl(FlussonicKind.TimeshiftHls, From: start);
            return FlussonicParse.Ok;
        }

        if (!TryTime(tail, out var duration) || duration <= 0)
        {
            return FlussonicParse.BadNumber;
        }

        if (!hls)
        {
            url = new FlussonicUrl(FlussonicKind.ArchiveTs, From: start, Seconds: duration);
            return archive ? FlussonicParse.Ok : FlussonicParse.NotPlayerUrl;
        }

        url = new FlussonicUrl(FlussonicKind.ArchiveHls, From: start, Seconds: duration);
        return FlussonicParse.Ok;
    }

    /// <summary>
    /// compat spec §11 "shift" catch-up mode: <c>?utc=FROM&amp;lutc=NOW</c> on a live URL means
    /// timeshift_abs-FROM; on any other form the query changes nothing.
    /// </summary>
    public FlussonicUrl Shifted(long? utc) => (utc, Kind) switch
    {
        ({ } from, FlussonicKind.LiveTs) => new FlussonicUrl(FlussonicKind.TimeshiftTs, From: from),
        ({ } from, FlussonicKind.LiveHls) => new FlussonicUrl(FlussonicKind.TimeshiftHls, From: from),
        _ => this,
    };

    /// <summary>Whether the form streams MPEG-TS (a stream or a segment): what the zero-copy fast path may send.</summary>
    public bool IsMpegTs => Kind is FlussonicKind.LiveTs or FlussonicKind.TimeshiftTs or FlussonicKind.ArchiveTs or FlussonicKind.Segment;

    private static bool StartsWithDigit(ReadOnlySpan<char> text) => !text.IsEmpty && char.IsAsciiDigit(text[0]);

    /// <summary>A unix time or a number of seconds: plain digits, at most <see cref="QueryValues.MaxUnixSeconds"/>.</summary>
    private static bool TryTime(ReadOnlySpan<char> text, out long value) =>
        QueryValues.TryPathNumber(text, out value) && value <= QueryValues.MaxUnixSeconds;

    private static FlussonicParse ParseSegment(ReadOnlySpan<char> text, out FlussonicUrl url)
    {
        url = default;
        Span<Range> parts = stackalloc Range[4];
        if (text.Split(parts, '-') != 3
            || !QueryValues.TryPathNumber(text[parts[0]], out var id)
            || !QueryValues.TryPathNumber(text[parts[1]], out var offset)
            || !QueryValues.TryPathNumber(text[parts[2]], out var length) || length <= 0)
        {
            return FlussonicParse.BadNumber;
        }

        url = new FlussonicUrl(FlussonicKind.Segment, RecordId: id, Offset: offset, Length: length);
        return FlussonicParse.Ok;
    }
}
