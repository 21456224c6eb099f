using MicroPvr.Server.Delivery.Flussonic;

namespace MicroPvr.Server.Tests.Delivery;

public sealed class ChannelListM3uTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static readonly PlayerChannel[] Channels =
    [
        new(3, "News, \"HD\"", Now.AddDays(-2).AddHours(-1)),
        new(7, null, null),
    ];

    [Fact]
    public void Default_mode_gives_a_full_window_template_per_channel()
    {
        var text = ChannelListM3u.Write(Channels, "http://pvr:8080/", "default", "hls", Now);
        Assert.Equal(
            "#EXTM3U\n"
            + "#EXTINF:-1 tvg-id=\"3\" tvg-name=\"News   HD\" catchup=\"default\" catchup-source=\"http://pvr:8080/3/archive-{utc}-{duration}.m3u8\" catchup-days=\"3\",News   HD\n"
            + "http://pvr:8080/3/index.m3u8\n"
            + "#EXTINF:-1 tvg-id=\"7\" tvg-name=\"Channel 7\" catchup=\"default\" catchup-source=\"http://pvr:8080/7/archive-{utc}-{duration}.m3u8\" catchup-days=\"0\",Channel 7\n"
            + "http://pvr:8080/7/index.m3u8\n",
            text);
    }

    [Theory]
    [InlineData("flussonic", "ts", "catchup=\"flussonic\" catchup-days=\"3\",", "http://pvr/3/mpegts\n")]
    [InlineData("shift", "hls", "catchup=\"shift\" catchup-days=\"3\",", "http://pvr/3/index.m3u8\n")]
    [InlineData("append", "ts", "catchup=\"append\" catchup-source=\"?utc={utc}&lutc={lutc}\" catchup-days=\"3\",", "http://pvr/3/mpegts\n")]
    [InlineData("default", "ts", "catchup-source=\"http://pvr/3/archive-{utc}-{duration}.ts\"", "http://pvr/3/mpegts\n")]
    public void Other_modes_and_formats(string mode, string format, string attributes, string streamLine)
    {
        var text = ChannelListM3u.Write(Channels[..1], "http://pvr/", mode, format, Now);
        Assert.Contains(attributes, text);
        Assert.EndsWith(streamLine, text);
    }

    [Fact]
    public void Catchup_days_round_up_and_are_at_least_one_when_anything_is_recorded()
    {
        Assert.Equal(1, ChannelListM3u.CatchupDays(new PlayerChannel(1, null, Now.AddMinutes(-5)), Now));
        Assert.Equal(1, ChannelListM3u.CatchupDays(new PlayerChannel(1, null, Now.AddDays(-1)), Now));
        Assert.Equal(2, ChannelListM3u.CatchupDays(new PlayerChannel(1, null, Now.AddDays(-1).AddSeconds(-1)), Now));
        Assert.Equal(0, ChannelListM3u.CatchupDays(new PlayerChannel(1, null, null), Now));
    }
}
