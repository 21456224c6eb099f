using MicroPvr.Server.Delivery.Flussonic;

namespace MicroPvr.Server.Tests.Delivery;

/// <summary>compat spec §11 file names: every form, its numbers, and what is malformed (400) or unknown (404).</summary>
public sealed class FlussonicUrlTests
{
    [Theory]
    [InlineData("mpegts", nameof(FlussonicKind.LiveTs), 0, 0)]
    [InlineData("index.m3u8", nameof(FlussonicKind.LiveHls), 0, 0)]
    [InlineData("mono.m3u8", nameof(FlussonicKind.LiveHls), 0, 0)]
    [InlineData("video.m3u8", nameof(FlussonicKind.LiveHls), 0, 0)]
    [InlineData("recording_status.json", nameof(FlussonicKind.RecordingStatus), 0, 0)]
    [InlineData("timeshift_abs-1700000000.ts", nameof(FlussonicKind.TimeshiftTs), 1700000000, 0)]
    [InlineData("timeshift_rel-3600.ts", nameof(FlussonicKind.TimeshiftTs), -1, 3600)]
    [InlineData("timeshift_abs-1700000000.m3u8", nameof(FlussonicKind.TimeshiftHls), 1700000000, 0)]
    [InlineData("mono-timeshift_abs-1700000000.m3u8", nameof(FlussonicKind.TimeshiftHls), 1700000000, 0)]
    [InlineData("timeshift_rel-90.m3u8", nameof(FlussonicKind.TimeshiftRelHls), -1, 90)]
    [InlineData("mono-timeshift_rel-90.m3u8", nameof(FlussonicKind.TimeshiftRelHls), -1, 90)]
    [InlineData("video-timeshift_rel-90.m3u8", nameof(FlussonicKind.TimeshiftRelHls), -1, 90)]
    [InlineData("index-1700000000-now.m3u8", nameof(FlussonicKind.TimeshiftHls), 1700000000, 0)]
    [InlineData("archive-1700000000-now.m3u8", nameof(FlussonicKind.TimeshiftHls), 1700000000, 0)]
    [InlineData("archive-1700000000-3600.m3u8", nameof(FlussonicKind.ArchiveHls), 1700000000, 3600)]
    [InlineData("index-1700000000-3600.m3u8", nameof(FlussonicKind.ArchiveHls), 1700000000, 3600)]
    [InlineData("mono-1700000000-3600.m3u8", nameof(FlussonicKind.ArchiveHls), 1700000000, 3600)]
    [InlineData("video-1700000000-3600.m3u8", nameof(FlussonicKind.ArchiveHls), 1700000000, 3600)]
    [InlineData("mono-archive-1700000000-3600.m3u8", nameof(FlussonicKind.ArchiveHls), 1700000000, 3600)]
    [InlineData("archive-1700000000-3600.ts", nameof(FlussonicKind.ArchiveTs), 1700000000, 3600)]
    public void Parses_every_form(string file, string kind, long from, long seconds)
    {
        Assert.Equal(FlussonicParse.Ok, FlussonicUrl.Parse(file, out var url));
        Assert.Equal(kind, url.Kind.ToString());
        Assert.Equal(from, url.From);
        Assert.Equal(seconds, url.Seconds);
    }

    [Fact]
    public void Parses_segment_names()
    {
        Assert.Equal(FlussonicParse.Ok, FlussonicUrl.Parse("seg-42-188000-376.ts", out var url));
        Assert.Equal(new FlussonicUrl(FlussonicKind.Segment, RecordId: 42, Offset: 188000, Length: 376), url);
    }

    [Theory]
    [InlineData("timeshift_abs-12x.ts")]
    [InlineData("timeshift_abs-.ts")]
    [InlineData("timeshift_abs--5.ts")]
    [InlineData("timeshift_rel-1e3.m3u8")]
    [InlineData("timeshift_abs-9999999999999.ts")] // 13 digits
    [InlineData("timeshift_abs-999999999999.ts")] // after year 9999
    [InlineData("archive-1700000000-0.m3u8")]
    [InlineData("archive-1700000000--5.ts")]
    [InlineData("archive-1700000000.m3u8")]
    [InlineData("archive-x-60.m3u8")]
    [InlineData("index-1700000000-later.m3u8")]
    [InlineData("mono-1700000000-.m3u8")]
    [InlineData("seg-1-2.ts")]
    [InlineData("seg-1-2-0.ts")]
    [InlineData("seg-a-2-3.ts")]
    public void Malformed_numbers_are_bad_requests(string file) =>
        Assert.Equal(FlussonicParse.BadNumber, FlussonicUrl.Parse(file, out _));

    [Theory]
    [InlineData("")]
    [InlineData("index.m3u")]
    [InlineData("playlist.m3u8")]
    [InlineData("whatever.txt")]
    [InlineData("mpegts.ts")]
    [InlineData("mono-timeshift_abs-1700000000.ts")] // mono-/video- name HLS renditions only
    [InlineData("index-1700000000-60.ts")]
    [InlineData("index-1700000000-now.ts")]
    [InlineData("seg-1-2-3.m3u8")]
    [InlineData("Timeshift_abs-1700000000.ts")]
    [InlineData("recording_status.json.ts")]
    public void Unknown_names_are_not_player_urls(string file) =>
        Assert.Equal(FlussonicParse.NotPlayerUrl, FlussonicUrl.Parse(file, out _));
}
