namespace MicroPvr.Server.Delivery;

/// <summary>
/// A parsed Flussonic-style file name (the part after /CHANNEL/). Times are UTC unix seconds.
/// Prefixes <c>mono-</c> and <c>video-</c> are accepted and mean the same stream (we serve the
/// recorded multiplex as is, without splitting tracks).
/// </summary>
/// <param name="Kind">The form.</param>
/// <param name="From">Start (unix s) for absolute forms.</param>
/// <param name="Seconds">Duration for windows, or the offset for timeshift_rel.</param>
/// <param name="RecordId">Segment: record id.</param>
/// <param name="Offset">Segment: byte offset.</param>
/// <param name="Length">Segment: byte length.</param>
internal readonly record struct FlussonicUrl(FlussonicKind Kind, long From = 0, long Seconds = 0, long RecordId = 0, long Offset = 0, long Length = 0)
{
    public static bool TryParse(ReadOnlySpan<char> file, out FlussonicUrl url)
    {
        url = default;
        switch (file)
        {
            case "mpegts":
                url = new FlussonicUrl(FlussonicKind.LiveTs);
                return true;
            case "index.m3u8" or "mono.m3u8" or "video.m3u8":
                url = new FlussonicUrl(FlussonicKind.LiveHls);
                return true;
            case "recording_status.json":
                url = new FlussonicUrl(FlussonicKind.RecordingStatus);
                return true;
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
            return false;
        }

        if (!hls && file.StartsWith("seg-", StringComparison.Ordinal))
        {
            return TryParseSegment(file[4..], out url);
        }

        var prefixed = false;
        if (file.StartsWith("mono-", StringComparison.Ordinal) || file.StartsWith("video-", StringComparison.Ordinal))
        {
            file = file[(file.IndexOf('-') + 1)..];
            prefixed = true;
        }

        if (file.StartsWith("timeshift_abs-", StringComparison.Ordinal) && QueryValues.TryPathNumber(file[14..], out var from))
        {
            url = new FlussonicUrl(hls ? FlussonicKind.TimeshiftHls : FlussonicKind.TimeshiftTs, From: from);
            return hls || !prefixed;
        }

        if (file.StartsWith("timeshift_rel-", StringComparison.Ordinal) && QueryValues.TryPathNumber(file[14..], out var rel))
        {
            url = new FlussonicUrl(hls ? FlussonicKind.TimeshiftRelHls : FlussonicKind.TimeshiftTs, Seconds: rel, From: -1);
            return hls || !prefixed;
        }

        // archive-FROM-DURATION, index-FROM-DURATION, index-FROM-now; and after mono-/video-: FROM-DURATION.
        ReadOnlySpan<char> rest;
        var archive = false;
        if (file.StartsWith("archive-", StringComparison.Ordinal))
        {
            rest = file[8..];
            archive = true;
        }
        else if (file.StartsWith("index-", StringComparison.Ordinal))
        {
            rest = file[6..];
        }
        else if (prefixed)
        {
            rest = file;
        }
        else
        {
            return false;
        }

        var dash = rest.IndexOf('-');
        if (dash <= 0 || !QueryValues.TryPathNumber(rest[..dash], out var start))
        {
            return false;
        }

        var tail = rest[(dash + 1)..];
        if (tail is "now")
        {
            url = new FlussonicUrl(FlussonicKind.TimeshiftHls, From: start);
            return hls && !archive;
        }

        if (!QueryValues.TryPathNumber(tail, out var duration) || duration <= 0)
        {
            return false;
        }

        if (!hls)
        {
            url = new FlussonicUrl(FlussonicKind.ArchiveTs, From: start, Seconds: duration);
            return archive && !prefixed;
        }

        url = new FlussonicUrl(FlussonicKind.ArchiveHls, From: start, Seconds: duration);
        return true;
    }

    private static bool TryParseSegment(ReadOnlySpan<char> text, out FlussonicUrl url)
    {
        url = default;
        Span<Range> parts = stackalloc Range[4];
        if (text.Split(parts, '-') != 3
            || !QueryValues.TryPathNumber(text[parts[0]], out var id)
            || !QueryValues.TryPathNumber(text[parts[1]], out var offset)
            || !QueryValues.TryPathNumber(text[parts[2]], out var length) || length <= 0)
        {
            return false;
        }

        url = new FlussonicUrl(FlussonicKind.Segment, RecordId: id, Offset: offset, Length: length);
        return true;
    }
}
