using System.Text;
using MicroPvr.Server.Delivery.ZeroCopy;

namespace MicroPvr.Server.Tests.Delivery.ZeroCopy;

/// <summary>
/// The fast path's reading of <c>/ts?…</c>: what the Kestrel handler would accept, reject (400) or
/// read in a way that ASP.NET's query parsing might not (handed over).
/// </summary>
public sealed class TsQueryTests
{
    private const int MaxLine = 8192;
    private const int MaxHeaders = 32768;

    [Fact]
    public void A_plain_ts_request_is_parsed_with_every_parameter()
    {
        const string text = "GET /ts?channel_id=5&timestamp=1795710354&endless=1&priority=-2&aid=box-7 HTTP/1.1\r\nHost: h\r\n\r\n";
        Assert.Equal(HeadParseStatus.Parsed, RequestHeadParser.Parse(Encoding.ASCII.GetBytes(text), MaxLine, MaxHeaders, out var head));
        Assert.Equal(new TsQuery(true, 5, 1795710354, true, -2, "box-7"), head.Ts);
        Assert.Equal(text.Length, head.Length);
    }

    [Theory]
    [InlineData("channel_id=5&timestamp=10", 5, 10, false, null, "")]
    [InlineData("Channel_ID=5&TIMESTAMP=10&endless=true&unknown=x", 5, 10, true, null, "")]
    [InlineData("channel_id=5&timestamp=10&endless=0&priority=&aid=", 5, 10, false, null, "")]
    [InlineData("channel_id=-3&timestamp=0&endless=false&priority=7", -3, 0, false, 7, "")]
    public void Valid_queries(string query, int channel, long timestamp, bool endless, int? priority, string aid)
    {
        Assert.True(TsQuery.TryRead(Encoding.ASCII.GetBytes(query), out var q));
        Assert.Equal(new TsQuery(true, channel, timestamp, endless, priority, aid), q);
    }

    [Theory]
    [InlineData("timestamp=10")]
    [InlineData("channel_id=&timestamp=10")]
    [InlineData("channel_id=x&timestamp=10")]
    [InlineData("channel_id=5&timestamp=-1")]
    [InlineData("channel_id=5&timestamp=253402300800")]
    [InlineData("channel_id=5")]
    [InlineData("channel_id=5&timestamp=10&endless=2")]
    [InlineData("channel_id=5&timestamp=10&endless=TRUE")]
    [InlineData("channel_id=5&timestamp=10&priority=1.5")]
    [InlineData("channel_id=2147483648&timestamp=10")]
    [InlineData("channel_id=5&timestamp=99999999999999999999")]
    public void Answered_400_as_the_kestrel_handler_does(string query)
    {
        Assert.True(TsQuery.TryRead(Encoding.ASCII.GetBytes(query), out var q));
        Assert.False(q.Valid);
    }

    [Theory]
    [InlineData("channel_id=%35&timestamp=10")]
    [InlineData("channel_id=+5&timestamp=10")]
    [InlineData("channel_id=5&timestamp=10&aid=a+b")]
    [InlineData("channel_id=5&channel_id=6&timestamp=10")]
    [InlineData("channel_id=5&CHANNEL_ID=&timestamp=10")]
    [InlineData("channel_id=5&&timestamp=10")]
    [InlineData("channel_id=5&timestamp=10&")]
    [InlineData("channel_id=5&timestamp")]
    [InlineData("")]
    [InlineData("=5&timestamp=10")]
    public void Handed_over_when_asp_net_could_read_it_otherwise(string query) =>
        Assert.False(TsQuery.TryRead(Encoding.ASCII.GetBytes(query), out _));

    [Theory]
    [InlineData("GET /ts HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /tsx?channel_id=1&timestamp=1 HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /ts?channel_id=1&timestamp=1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")]
    [InlineData("POST /ts?channel_id=1&timestamp=1 HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /ts?channel_id=1&timestamp=1 HTTP/1.1\r\nHost: h\r\nIf-None-Match: x\r\n\r\n")]
    public void Other_ts_heads_are_kestrels(string text) =>
        Assert.Equal(HeadParseStatus.HandOver, RequestHeadParser.Parse(Encoding.ASCII.GetBytes(text), MaxLine, MaxHeaders, out _));

    [Fact]
    public void Every_prefix_of_a_ts_head_is_incomplete()
    {
        var bytes = Encoding.ASCII.GetBytes("HEAD /ts?channel_id=1&timestamp=1 HTTP/1.1\r\nHost: h\r\n\r\n");
        for (var i = 0; i < bytes.Length; i++)
        {
            Assert.Equal(HeadParseStatus.Incomplete, RequestHeadParser.Parse(bytes.AsSpan(0, i), MaxLine, MaxHeaders, out _));
        }
    }
}
