using System.Net;
using MicroPvr.Core.Ingest;
using MicroPvr.Core.Ingest.Udp;

namespace MicroPvr.Core.Tests.Ingest;

public sealed class UdpSourceAddressTests
{
    [Theory]
    [InlineData("@239.1.1.1:1234", "239.1.1.1", 1234, null, null, true)]
    [InlineData("239.1.1.1:1234", "239.1.1.1", 1234, null, null, true)]
    [InlineData("eth0@239.1.1.1:1234", "239.1.1.1", 1234, "eth0", null, true)]
    [InlineData("10.0.0.5@239.1.1.1:1234", "239.1.1.1", 1234, null, "10.0.0.5", true)]
    [InlineData("@239.1.1.1:1234?localaddr=127.0.0.1&pkt_size=1316", "239.1.1.1", 1234, null, "127.0.0.1", true)]
    [InlineData("@:1234", null, 1234, null, null, false)]
    [InlineData("0.0.0.0:5000", null, 5000, null, null, false)]
    [InlineData("127.0.0.1:5000", "127.0.0.1", 5000, null, null, false)]
    [InlineData("@[ff15::1]:1234", "ff15::1", 1234, null, null, true)]
    public void Parses_the_addressing_forms(string text, string? address, int port, string? iface, string? local, bool multicast)
    {
        var a = UdpSourceAddress.Parse(text, out var error);

        Assert.Null(error);
        Assert.NotNull(a);
        Assert.Equal(address is null ? null : IPAddress.Parse(address), a.Address);
        Assert.Equal(port, a.Port);
        Assert.Equal(iface, a.InterfaceName);
        Assert.Equal(local is null ? null : IPAddress.Parse(local), a.LocalAddress);
        Assert.Equal(multicast, a.IsMulticast);
    }

    [Fact]
    public void Parses_source_specific_multicast_sources()
    {
        var a = UdpSourceAddress.Parse("@232.1.1.1:1234?sources=10.0.0.1,10.0.0.2", out var error);

        Assert.Null(error);
        Assert.Equal([IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2")], a!.Sources);
    }

    [Theory]
    [InlineData("udp://@239.1.1.1")]
    [InlineData("udp://@239.1.1.1:0")]
    [InlineData("udp://@239.1.1.1:70000")]
    [InlineData("udp://@not-an-ip:1234")]
    [InlineData("udp://@239.1.1.1:1234?localaddr=nope")]
    [InlineData("udp://@:1234?sources=10.0.0.1")]
    [InlineData("rtp://@239.1.1.1:x")]
    [InlineData("ftp://example.com/a.ts")]
    [InlineData("239.1.1.1:1234")]
    [InlineData("")]
    [InlineData("file://relative.ts")]
    [InlineData("http://")]
    public void Invalid_urls_are_refused_with_a_reason(string url)
    {
        Assert.NotNull(StreamSourceFactory.Validate(url));
        var e = Assert.Throws<InvalidSourceUrlException>(() => new StreamSourceFactory().Create(url));
        Assert.Equal(url, e.Url);
    }

    [Theory]
    [InlineData("udp://@239.1.1.1:1234", typeof(UdpStreamSource))]
    [InlineData("rtp://@239.1.1.1:1234", typeof(UdpStreamSource))]
    [InlineData("http://127.0.0.1:8080/ch1.ts", typeof(MicroPvr.Core.Ingest.Http.HttpStreamSource))]
    [InlineData("https://example.com/live/stream", typeof(MicroPvr.Core.Ingest.Http.HttpStreamSource))]
    [InlineData("http://example.com/live/index.m3u8", typeof(MicroPvr.Core.Ingest.Hls.HlsStreamSource))]
    [InlineData("hls+http://example.com/live/playlist", typeof(MicroPvr.Core.Ingest.Hls.HlsStreamSource))]
    [InlineData("file:///srv/demo.ts?loop=1", typeof(MicroPvr.Core.Ingest.FileReplay.FileStreamSource))]
    public void Factory_picks_the_source_by_scheme(string url, Type expected)
    {
        Assert.Null(StreamSourceFactory.Validate(url));
        Assert.IsType(expected, new StreamSourceFactory().Create(url));
    }
}
