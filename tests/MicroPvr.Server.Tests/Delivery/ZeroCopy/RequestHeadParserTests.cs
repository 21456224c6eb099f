using System.Text;
using MicroPvr.Server.Delivery.ZeroCopy;

namespace MicroPvr.Server.Tests.Delivery.ZeroCopy;

public sealed class RequestHeadParserTests
{
    private const int MaxLine = 8192;
    private const int MaxHeaders = 32768;

    private static HeadParseStatus Parse(string text, out RequestHead head) =>
        RequestHeadParser.Parse(Encoding.Latin1.GetBytes(text), MaxLine, MaxHeaders, out head);

    [Fact]
    public void A_plain_get_is_parsed_with_its_length_and_keep_alive()
    {
        const string text = "GET /pvr/AC2705AC/ch_1/c1_t1795710354_1.ts?token=x HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: VLC/3.0\r\n\r\nGET /next";
        Assert.Equal(HeadParseStatus.Parsed, Parse(text, out var head));
        Assert.Equal("AC2705AC", head.Nickname);
        Assert.Equal("ch_1/c1_t1795710354_1.ts", head.File);
        Assert.False(head.IsHead);
        Assert.False(head.Http10);
        Assert.True(head.KeepAlive);
        Assert.Equal(ByteRangeKind.None, head.Range.Kind);
        Assert.Equal(text.IndexOf("GET /next", StringComparison.Ordinal), head.Length);
    }

    [Theory]
    [InlineData("HEAD /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nRange: bytes=0-99\r\n\r\n", true, false, true, (int)ByteRangeKind.FromTo, 0, 99)]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nhost: h\r\nrange: bytes=1000-\r\nConnection: close\r\n\r\n", false, false, false, (int)ByteRangeKind.From, 1000, 0)]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nRange:bytes=-500\r\nContent-Length: 0\r\n\r\n", false, false, true, (int)ByteRangeKind.Suffix, 0, 500)]
    [InlineData("GET /pvr/N/f.ts HTTP/1.0\r\n\r\n", false, true, false, (int)ByteRangeKind.None, 0, 0)]
    [InlineData("GET /pvr/N/f.ts HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", false, true, true, (int)ByteRangeKind.None, 0, 0)]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, close\r\n\r\n", false, false, false, (int)ByteRangeKind.None, 0, 0)]
    public void Methods_versions_connection_options_and_ranges(string text, bool isHead, bool http10, bool keepAlive, int kind, long first, long last)
    {
        Assert.Equal(HeadParseStatus.Parsed, Parse(text, out var head));
        Assert.Equal(isHead, head.IsHead);
        Assert.Equal(http10, head.Http10);
        Assert.Equal(keepAlive, head.KeepAlive);
        Assert.Equal((ByteRangeKind)kind, head.Range.Kind);
        Assert.Equal(first, head.Range.First);
        Assert.Equal(last, head.Range.Last);
    }

    [Theory]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("GET /pvr/AC27")]
    [InlineData("HEAD /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\n")]
    public void A_head_that_may_still_become_ours_is_incomplete(string text) =>
        Assert.Equal(HeadParseStatus.Incomplete, Parse(text, out _));

    [Theory]
    [InlineData("POST /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc")]
    [InlineData("GET /healthz HTTP/1.1\r\n")]
    [InlineData("GET /PVR/N/f.ts HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/2.0\r\nHost: h\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\n\r\n")] // no Host
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: \r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts  HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts\r\nHost: h\r\n\r\n")]
    [InlineData("GET /pvr/N/../f.ts HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /pvr/N/./f.ts HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /pvr/N/a%2Ff.ts HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts#x HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /pvr/N/ HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /pvr/N HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /pvr//f.ts HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /pvr/playlist?channel_id=1 HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /pvr/N/f\u00e9.ts HTTP/1.1\r\nHost: h\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nIf-Range: \"x\"\r\nRange: bytes=0-1\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nIf-Modified-Since: Thu, 26 Nov 2026 16:34:28 GMT\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nRange: bytes=0-1,4-5\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nRange: bytes=5-3\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nRange: bytes=-\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nRange: items=0-1\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nRange: bytes = 0-1\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nRange: bytes=0-1\r\nRange: bytes=2-3\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nRange: bytes=99999999999999999999-\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nX: a\nY: b\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nX: caf\u00e9\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n")]
    [InlineData("GET /pvr/N/f.ts HTTP/1.1\nHost: h\n\n\r\n\r\n")]
    public void Anything_else_is_handed_to_kestrel(string text) =>
        Assert.Equal(HeadParseStatus.HandOver, Parse(text, out _));

    [Fact]
    public void Heads_over_kestrels_limits_are_handed_over()
    {
        var longLine = $"GET /pvr/N/{new string('a', MaxLine)}.ts HTTP/1.1\r\nHost: h\r\n\r\n";
        Assert.Equal(HeadParseStatus.HandOver, Parse(longLine, out _));
        var manyHeaders = "GET /pvr/N/f.ts HTTP/1.1\r\nHost: h\r\n" + string.Concat(Enumerable.Range(0, 101).Select(i => $"X-{i}: v\r\n")) + "\r\n";
        Assert.Equal(HeadParseStatus.HandOver, Parse(manyHeaders, out _));
        var endless = "GET /pvr/N/f.ts HTTP/1.1\r\n" + string.Concat(Enumerable.Repeat("X-Pad: 0123456789012345678901234567890123456789\r\n", 1000));
        Assert.Equal(HeadParseStatus.HandOver, Parse(endless, out _));
    }

    [Fact]
    public void Every_prefix_and_every_corruption_of_a_head_is_answered_without_throwing()
    {
        var bytes = Encoding.ASCII.GetBytes("HEAD /pvr/AC2705AC/ch_1/c1_t1795710354_1.ts HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=10-20\r\nConnection: keep-alive\r\n\r\n");
        for (var length = 0; length <= bytes.Length; length++)
        {
            var status = RequestHeadParser.Parse(bytes.AsSpan(0, length), MaxLine, MaxHeaders, out _);
            Assert.Equal(length == bytes.Length ? HeadParseStatus.Parsed : HeadParseStatus.Incomplete, status);
        }

        var random = new Random(5);
        for (var i = 0; i < 20_000; i++)
        {
            var copy = (byte[])bytes.Clone();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
            }

            var status = RequestHeadParser.Parse(copy.AsSpan(0, random.Next(copy.Length + 1)), MaxLine, MaxHeaders, out var head);
            Assert.True(status != HeadParseStatus.Parsed || head.Length <= copy.Length);
        }
    }

    [Theory]
    [InlineData((int)ByteRangeKind.None, 0, 0, 1000, (int)RangeOutcome.Whole, 0, 1000)]
    [InlineData((int)ByteRangeKind.FromTo, 0, 99, 1000, (int)RangeOutcome.Partial, 0, 100)]
    [InlineData((int)ByteRangeKind.FromTo, 900, 5000, 1000, (int)RangeOutcome.Partial, 900, 100)]
    [InlineData((int)ByteRangeKind.FromTo, 1000, 1000, 1000, (int)RangeOutcome.Unsatisfiable, 0, 0)]
    [InlineData((int)ByteRangeKind.From, 999, 0, 1000, (int)RangeOutcome.Partial, 999, 1)]
    [InlineData((int)ByteRangeKind.From, 0, 0, 0, (int)RangeOutcome.Unsatisfiable, 0, 0)]
    [InlineData((int)ByteRangeKind.Suffix, 0, 100, 1000, (int)RangeOutcome.Partial, 900, 100)]
    [InlineData((int)ByteRangeKind.Suffix, 0, 5000, 1000, (int)RangeOutcome.Partial, 0, 1000)]
    [InlineData((int)ByteRangeKind.Suffix, 0, 0, 1000, (int)RangeOutcome.Unsatisfiable, 0, 0)]
    [InlineData((int)ByteRangeKind.None, 0, 0, 0, (int)RangeOutcome.Whole, 0, 0)]
    public void Ranges_resolve_as_aspnet_file_results_do(int kind, long first, long last, long length, int outcome, long start, long count)
    {
        var range = new ByteRangeRequest((ByteRangeKind)kind, first, last);
        Assert.Equal((RangeOutcome)outcome, range.Resolve(length, out var s, out var c));
        if ((RangeOutcome)outcome != RangeOutcome.Unsatisfiable)
        {
            Assert.Equal((start, count), (s, c));
        }
    }

    [Fact]
    public void Response_heads_have_kestrels_fields_in_kestrels_order()
    {
        var buffer = new byte[ResponseHead.MaxLength];
        var date = "Thu, 26 Nov 2026 16:34:28 GMT"u8;
        var n = ResponseHead.WriteFile(buffer, RangeOutcome.Partial, 10, 11, 391040, "video/mp2t"u8, new ConnectionOptions(true, false), date, true);
        Assert.Equal(
            "HTTP/1.1 206 Partial Content\r\nContent-Length: 11\r\nContent-Type: video/mp2t\r\nDate: Thu, 26 Nov 2026 16:34:28 GMT\r\nServer: Kestrel\r\nAccept-Ranges: bytes\r\nContent-Range: bytes 10-20/391040\r\n\r\n",
            Encoding.ASCII.GetString(buffer, 0, n));
        n = ResponseHead.WriteFile(buffer, RangeOutcome.Unsatisfiable, 0, 0, 391040, "video/mp2t"u8, new ConnectionOptions(false, true), date, false);
        Assert.Equal(
            "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Length: 0\r\nConnection: close\r\nContent-Type: video/mp2t\r\nDate: Thu, 26 Nov 2026 16:34:28 GMT\r\nAccept-Ranges: bytes\r\nContent-Range: bytes */391040\r\n\r\n",
            Encoding.ASCII.GetString(buffer, 0, n));
        n = ResponseHead.WriteNotFound(buffer, new ConnectionOptions(true, true), date, true);
        Assert.Equal("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: keep-alive\r\nDate: Thu, 26 Nov 2026 16:34:28 GMT\r\nServer: Kestrel\r\n\r\n", Encoding.ASCII.GetString(buffer, 0, n));
    }
}
