using System.Buffers;
using System.Text;
using MicroPvr.Media.Hls;

namespace MicroPvr.Media.Tests.Hls;

public class HlsPlaylistWriterTests
{
    [Fact]
    public void Byte_range_vod_playlist_matches_golden_text()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new HlsPlaylistWriter(buffer);
        writer.WriteHeader(new HlsPlaylistHeader(4, 10, 0, HlsPlaylistType.Vod));
        writer.WriteProgramDateTime(DateTimeOffset.FromUnixTimeMilliseconds(1_498_201_120_250));
        writer.WriteByteRangeSegment(9.96, 1_880_000, 0, "../F6D124FC/ch_3/c3_t1498201120_77.ts");
        writer.WriteByteRangeSegment(10.0, 2_000_128, 1_880_000, "../F6D124FC/ch_3/c3_t1498201120_77.ts");
        writer.WriteDiscontinuity();
        writer.WriteProgramDateTime(DateTimeOffset.FromUnixTimeMilliseconds(1_498_201_200_000));
        writer.WriteByteRangeSegment(4.5, 188, 376, "ch_3/c3_t1498201200_78.ts");
        writer.WriteEndList();

        const string expected = """
            #EXTM3U
            #EXT-X-VERSION:4
            #EXT-X-TARGETDURATION:10
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-PROGRAM-DATE-TIME:2017-06-23T06:58:40.250Z
            #EXTINF:9.960,
            #EXT-X-BYTERANGE:1880000@0
            ../F6D124FC/ch_3/c3_t1498201120_77.ts
            #EXTINF:10.000,
            #EXT-X-BYTERANGE:2000128@1880000
            ../F6D124FC/ch_3/c3_t1498201120_77.ts
            #EXT-X-DISCONTINUITY
            #EXT-X-PROGRAM-DATE-TIME:2017-06-23T07:00:00.000Z
            #EXTINF:4.500,
            #EXT-X-BYTERANGE:188@376
            ch_3/c3_t1498201200_78.ts
            #EXT-X-ENDLIST

            """;
        Assert.Equal(expected.Replace("\r\n", "\n"), Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Event_playlist_with_plain_segments_has_no_endlist()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new HlsPlaylistWriter(buffer);
        writer.WriteHeader(new HlsPlaylistHeader(3, 6, 42, HlsPlaylistType.Event));
        writer.WriteSegment(6, "seg-12-0-1316.ts");

        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:42\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXTINF:6.000,\nseg-12-0-1316.ts\n",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Live_playlist_has_no_type_tag()
    {
        var buffer = new ArrayBufferWriter<byte>();
        new HlsPlaylistWriter(buffer).WriteHeader(new HlsPlaylistHeader(3, 2, 7, HlsPlaylistType.None));
        Assert.DoesNotContain("PLAYLIST-TYPE", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Theory]
    [InlineData(9.4, 9)]
    [InlineData(9.5, 10)]
    [InlineData(60.0, 60)]
    [InlineData(0.2, 1)]
    public void Target_duration_is_the_rounded_longest_segment(double longest, int expected)
    {
        Assert.Equal(expected, HlsPlaylistWriter.TargetDurationFor(longest));
    }

    [Theory]
    [InlineData("has space.ts")]
    [InlineData("line\nbreak.ts")]
    [InlineData("caf\u00e9.ts")]
    public void Uri_that_would_break_the_playlist_is_refused(string uri)
    {
        var writer = new HlsPlaylistWriter(new ArrayBufferWriter<byte>());
        Assert.Throws<ArgumentException>(() => writer.WriteSegment(1, uri));
    }

    [Fact]
    public void Writing_segments_into_a_reused_buffer_allocates_nothing()
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        var writer = new HlsPlaylistWriter(buffer);
        writer.WriteByteRangeSegment(6, 1, 2, "a.ts");
        buffer.ResetWrittenCount();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            writer.WriteProgramDateTime(DateTimeOffset.UnixEpoch);
            writer.WriteByteRangeSegment(5.96, 1_000_000 + i, 188L * i, "ch_3/c3_t1498201120_77.ts");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
