using System.Text;
using MicroPvr.Server.Delivery.Flussonic;
using MicroPvr.Server.Delivery.ZeroCopy;

namespace MicroPvr.Server.Tests.Delivery.ZeroCopy;

/// <summary>
/// The fast path's reading of the player URLs that stream MPEG-TS (compat spec §11): the file name
/// through <see cref="FlussonicUrl.Parse"/> (the Kestrel handler's parser), the query as the handler
/// reads it; what the handler answers with a 400 or a 404, or what Kestrel would decode or route
/// elsewhere, is handed over.
/// </summary>
public sealed class PlayerRequestTests
{
    private const int MaxLine = 8192;
    private const int MaxHeaders = 32768;

    [Theory]
    [InlineData("/31/mpegts", "31", "LiveTs", 0L, 0L)]
    [InlineData("/Player_Test/timeshift_abs-1795710354.ts", "Player_Test", "TimeshiftTs", 1795710354L, 0L)]
    [InlineData("/31/timeshift_rel-60.ts", "31", "TimeshiftTs", -1L, 60L)]
    [InlineData("/31/archive-1795710354-3600.ts", "31", "ArchiveTs", 1795710354L, 3600L)]
    [InlineData("/31/mpegts?utc=1795710354&lutc=1795710999", "31", "TimeshiftTs", 1795710354L, 0L)]
    [InlineData("/31/mpegts?UTC=&other=x", "31", "LiveTs", 0L, 0L)]
    [InlineData("/31/timeshift_abs-5.ts?utc=7", "31", "TimeshiftTs", 5L, 0L)]
    public void Streams_are_read_with_the_handlers_parser(string target, string channel, string kind, long from, long seconds)
    {
        Assert.True(PlayerRequest.TryRead(Encoding.ASCII.GetBytes(target), out var request));
        Assert.Equal(channel, request!.Channel);
        Assert.Equal(new FlussonicUrl(Enum.Parse<FlussonicKind>(kind), From: from, Seconds: seconds), request.Url);
        Assert.Equal(target.Split('?')[0], request.Path);
        Assert.True(request.IsStream);
        Assert.Null(request.Aid);
    }

    [Fact]
    public void A_segment_and_its_aid_are_read()
    {
        Assert.True(PlayerRequest.TryRead("/31/seg-12-376-188000.ts?aid=box-1"u8, out var request));
        Assert.Equal(new FlussonicUrl(FlussonicKind.Segment, RecordId: 12, Offset: 376, Length: 188000), request!.Url);
        Assert.False(request.IsStream);
        Assert.Equal("box-1", request.Aid);
    }

    [Theory]
    [InlineData("/31/index.m3u8")] // HLS: generated, Kestrel's
    [InlineData("/31/mpegts?utc=5&x=1&Utc=6")] // twice: the handler's 400
    [InlineData("/31/mpegts?utc=-1")] // the handler's 400
    [InlineData("/31/mpegts?lutc=253402300800")] // the handler's 400
    [InlineData("/31/mpegts?utc=1x")] // the handler's 400
    [InlineData("/31/index.m3u8?utc=5")] // shifted HLS is still HLS
    [InlineData("/31/recording_status.json")]
    [InlineData("/31/timeshift_abs-12x.ts")] // the handler's 400
    [InlineData("/31/archive-5-0.ts")] // the handler's 400
    [InlineData("/31/seg-1-2.ts")] // the handler's 400
    [InlineData("/31/index-5-10.ts")] // the handler's 404
    [InlineData("/31/mono-timeshift_abs-5.ts")] // the handler's 404
    [InlineData("/31/unknown.ts")] // the handler's 404
    [InlineData("/Player%20Test/mpegts")] // a name that needs decoding
    [InlineData("/31/mpegts?aid=a+b")] // '+' is a space to ASP.NET
    [InlineData("/31/mpegts?aid=a&aid=b")] // "a,b" to the handler
    [InlineData("/31/mpegts?aid")]
    [InlineData("/31/mpegts?")]
    [InlineData("/pvr/mpegts")] // the /pvr route wins
    [InlineData("/PVR/mpegts")] // routes match literals without case
    [InlineData("/../mpegts")]
    [InlineData("/31/mpegts/")]
    [InlineData("/31/x/mpegts")]
    [InlineData("//mpegts")]
    [InlineData("/31/")]
    [InlineData("/mpegts")]
    public void What_the_handler_refuses_or_kestrel_decodes_is_not_read(string target) =>
        Assert.False(PlayerRequest.TryRead(Encoding.ASCII.GetBytes(target), out _));

    [Fact]
    public void Request_heads_carry_the_player_request_and_http10_keep_alive_streams_are_handed_over()
    {
        var text = "HEAD /7/timeshift_rel-30.ts HTTP/1.1\r\nHost: h\r\n\r\n";
        Assert.Equal(HeadParseStatus.Parsed, RequestHeadParser.Parse(Encoding.ASCII.GetBytes(text), MaxLine, MaxHeaders, out var head));
        Assert.True(head.IsHead);
        Assert.Equal(FlussonicKind.TimeshiftTs, head.Player!.Url.Kind);
        Assert.Null(head.Ts);
        Assert.Equal(text.Length, head.Length);

        // A stream has no length: an HTTP/1.0 keep-alive one is Kestrel's (as /ts); a segment has one.
        Assert.Equal(HeadParseStatus.HandOver, RequestHeadParser.Parse("GET /7/mpegts HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"u8, MaxLine, MaxHeaders, out _));
        Assert.Equal(HeadParseStatus.Parsed, RequestHeadParser.Parse("GET /7/mpegts HTTP/1.0\r\n\r\n"u8, MaxLine, MaxHeaders, out _));
        Assert.Equal(HeadParseStatus.Parsed, RequestHeadParser.Parse("GET /7/seg-1-0-188.ts HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"u8, MaxLine, MaxHeaders, out var segment));
        Assert.True(segment.KeepAlive);
        Assert.Equal(HeadParseStatus.HandOver, RequestHeadParser.Parse("GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n"u8, MaxLine, MaxHeaders, out _));
        Assert.Equal(HeadParseStatus.HandOver, RequestHeadParser.Parse("POST /7/mpegts HTTP/1.1\r\nHost: h\r\n\r\n"u8, MaxLine, MaxHeaders, out _));
    }

    [Fact]
    public void The_request_line_decides_before_the_rest_of_the_head_arrives()
    {
        // Ours: wait for the head. Not ours (HLS, a refusal, another URL): Kestrel's at once.
        Assert.Equal(HeadParseStatus.Incomplete, RequestHeadParser.Parse("GET /7/seg-1-0-188.ts HTTP/1.1\r\nHo"u8, MaxLine, MaxHeaders, out _));
        Assert.Equal(HeadParseStatus.Incomplete, RequestHeadParser.Parse("GET /7/timeshift_abs-5.t"u8, MaxLine, MaxHeaders, out _));
        Assert.Equal(HeadParseStatus.HandOver, RequestHeadParser.Parse("GET /7/index.m3u8 HTTP/1.1\r\nHo"u8, MaxLine, MaxHeaders, out _));
        Assert.Equal(HeadParseStatus.HandOver, RequestHeadParser.Parse("GET /7/timeshift_abs-5x.ts HTTP/1.1\r\n"u8, MaxLine, MaxHeaders, out _));
        Assert.Equal(HeadParseStatus.HandOver, RequestHeadParser.Parse("GET /metrics HTTP/1.1\r\n"u8, MaxLine, MaxHeaders, out _));
    }
}
