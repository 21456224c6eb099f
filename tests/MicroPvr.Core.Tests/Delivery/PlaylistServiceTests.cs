using System.Buffers;
using System.Text;
using MicroPvr.Core.Configuration;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Storage;

namespace MicroPvr.Core.Tests.Delivery;

public class PlaylistServiceTests
{
    private const long T0 = 1_700_000_000;

    /// <summary>Nicknames from the location's last path component, upper-cased: enough to tell copies apart.</summary>
    private sealed class NamedStorage : IStorageManager
    {
        public IReadOnlyList<MountPointInfo> GetMountPoints() => [];
        public ValueTask<int> DeleteRecordsAsync(DateTimeOffset? startedNoLaterThan, int? channelId, CancellationToken ct = default) => ValueTask.FromResult(0);
        public ValueTask<int> DeleteOldestDaysAsync(int days, int? channelId, CancellationToken ct = default) => ValueTask.FromResult(0);
        public string GetDirectoryNickname(string recordLocation) => Path.GetFileName(recordLocation).ToUpperInvariant().PadLeft(8, '0');
        public string? ResolveNickname(string nickname) => null;
        public void RegisterLocation(string recordLocation)
        {
        }

        public SpaceAdmission AdmitRecording(string recordLocation) => new(true, "", "/", -1, 0, 0, null);
        public ValueTask<bool> DeleteRecordAsync(MicroPvr.Core.Catalog.RecordFile record, string reason, CancellationToken ct = default) => ValueTask.FromResult(false);
    }

    private static (PlaylistService Service, MicroPvrOptions Options) Create(ArchiveFixture f)
    {
        var options = new MicroPvrOptions { RecordsDefaultSegmentSizeSeconds = 10 };
        return (new PlaylistService(f.Timeline, new RecordDirectories(f.Catalog, new NamedStorage(), f.Clock), () => options), options);
    }

    [Fact]
    public async Task Name_lives_under_the_nickname_of_the_serving_copy_and_renders_back()
    {
        using var f = new ArchiveFixture();
        f.AddRecord(3, T0, 3600, gopMs: 5000, location: "hdd");
        var (service, _) = Create(f);

        var result = await service.GetPlaylistNameAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 60), DateTimeOffset.FromUnixTimeSeconds(T0 + 120), "HLS4");
        Assert.Equal(PlaylistNameStatus.Ok, result.Status);
        Assert.Equal($"00000HDD/pl_c3_{T0 + 60}_{T0 + 120}.m3u8", result.Name);

        var buffer = new ArrayBufferWriter<byte>();
        Assert.True(await service.TryWritePlaylistAsync("00000HDD", $"pl_c3_{T0 + 60}_{T0 + 120}.m3u8", buffer));
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.StartsWith("#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:10\n", text);
        Assert.Contains($"\nch_3/c3_t{T0}_7.ts\n", text);
        Assert.EndsWith("#EXT-X-ENDLIST\n", text);
        // Segments start from 60.2 s (the keyframe at or before... 55.2) up to 120 s inclusive.
        Assert.Contains("#EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:14:15.200Z", text);
        Assert.Equal(7, text.Split("#EXTINF:").Length - 1);
    }

    [Fact]
    public async Task Segments_of_another_copy_are_addressed_through_its_nickname()
    {
        using var f = new ArchiveFixture();
        f.AddRecord(3, T0, 600, gopMs: 5000, location: "ssd", priority: 10);
        f.AddRecord(3, T0, 3600, gopMs: 5000, location: "hdd", priority: 50, taskId: 8);
        var (service, _) = Create(f);
        var result = await service.GetPlaylistNameAsync(3, DateTimeOffset.FromUnixTimeSeconds(T0 + 500), DateTimeOffset.FromUnixTimeSeconds(T0 + 700), null);
        Assert.StartsWith("00000SSD/", result.Name);
        var buffer = new ArrayBufferWriter<byte>();
        Assert.True(await service.TryWritePlaylistAsync("00000SSD", result.Name!["00000SSD/".Length..], buffer));
        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.Contains($"\nch_3/c3_t{T0}_7.ts\n", text);
        Assert.Contains($"\n../00000HDD/ch_3/c3_t{T0}_8.ts\n", text);
        Assert.Contains("#EXT-X-DISCONTINUITY\n", text);
    }

    [Fact]
    public async Task Rmpd_is_not_supported_and_bad_arguments_are_refused()
    {
        using var f = new ArchiveFixture();
        f.AddRecord(3, T0, 600);
        var (service, _) = Create(f);
        var s = DateTimeOffset.FromUnixTimeSeconds(T0 + 10);
        Assert.Equal(PlaylistNameStatus.NotSupported, (await service.GetPlaylistNameAsync(3, s, s.AddSeconds(60), "RMPD")).Status);
        Assert.Equal(PlaylistNameStatus.InvalidArgument, (await service.GetPlaylistNameAsync(3, s, s, "HLS4")).Status);
        Assert.Equal(PlaylistNameStatus.InvalidArgument, (await service.GetPlaylistNameAsync(3, s, s.AddSeconds(60), "DASH")).Status);
        Assert.Equal(PlaylistNameStatus.NoRecord, (await service.GetPlaylistNameAsync(4, s, s.AddSeconds(60), "HLS4")).Status);
        Assert.Equal(PlaylistNameStatus.NoRecord, (await service.GetPlaylistNameAsync(3, s.AddDays(-1), s.AddDays(-1).AddSeconds(60), "HLS4")).Status);
    }

    [Fact]
    public async Task Unknown_nicknames_and_foreign_names_are_not_playlists()
    {
        using var f = new ArchiveFixture();
        f.AddRecord(3, T0, 600, location: "hdd");
        var (service, _) = Create(f);
        var buffer = new ArrayBufferWriter<byte>();
        Assert.False(await service.TryWritePlaylistAsync("DEADBEEF", $"pl_c3_{T0}_{T0 + 60}.m3u8", buffer));
        Assert.False(await service.TryWritePlaylistAsync("00000HDD", "../../etc/passwd", buffer));
        Assert.False(await service.TryWritePlaylistAsync("00000HDD", $"pl_c3_{T0 + 60}_{T0}.m3u8", buffer));
        Assert.Equal(0, buffer.WrittenCount);
    }

    [Theory]
    [InlineData("pl_c3_100_200.m3u8", true, 3, 100, 200, null)]
    [InlineData("pl_c3_100_200_p10.m3u8", true, 3, 100, 200, 10)]
    [InlineData("pl_c3_100_200_p.m3u8", false, 0, 0, 0, null)]
    [InlineData("pl_c03_100_200.m3u8", false, 0, 0, 0, null)]
    [InlineData("pl_c3_200_100.m3u8", false, 0, 0, 0, null)]
    [InlineData("pl_c-3_100_200.m3u8", false, 0, 0, 0, null)]
    [InlineData("pl_c3_100_200.m3u", false, 0, 0, 0, null)]
    [InlineData("pl_c3_100.m3u8", false, 0, 0, 0, null)]
    public void Playlist_names_parse_strictly(string text, bool ok, int channel, long start, long end, int? priority)
    {
        Assert.Equal(ok, PlaylistName.TryParse(text, out var name));
        if (ok)
        {
            Assert.Equal(new PlaylistName(channel, start, end, priority), name);
            Assert.Equal(text, name.FileName);
        }
    }
}
