using System.Text;
using MicroPvr.Server.JsonRpc.Transport;

namespace MicroPvr.Server.Tests.JsonRpc;

public class JsonValueFramerTests
{
    [Theory]
    [InlineData("{\"a\":1}", "{\"a\":1}")]
    [InlineData("  \n{\"a\":\"}{][\"}", "{\"a\":\"}{][\"}")]
    [InlineData("[{\"a\":[1,2]},{\"b\":{}}]", "[{\"a\":[1,2]},{\"b\":{}}]")]
    [InlineData("{\"s\":\"esc \\\" } still string\"}", "{\"s\":\"esc \\\" } still string\"}")]
    [InlineData("{\"s\":\"back\\\\\"}", "{\"s\":\"back\\\\\"}")]
    [InlineData("\"text\"", "\"text\"")]
    [InlineData("42 ", "42")]
    public void Finds_the_end_of_one_value_whatever_the_chunking(string input, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(input + "{\"next\":true}");
        foreach (var chunk in new[] { 1, 2, 3, 7, bytes.Length })
        {
            var framer = new JsonValueFramer();
            var status = JsonFrameStatus.Empty;
            int start = 0, end = 0;
            for (var available = Math.Min(chunk, bytes.Length); ; available = Math.Min(available + chunk, bytes.Length))
            {
                status = framer.Scan(bytes.AsSpan(0, available), out start, out end);
                if (status == JsonFrameStatus.Complete || available == bytes.Length)
                {
                    break;
                }
            }

            Assert.Equal(JsonFrameStatus.Complete, status);
            Assert.Equal(expected, Encoding.UTF8.GetString(bytes, start, end - start));
        }
    }

    [Theory]
    [InlineData("{\"a\":1")]
    [InlineData("[1,2")]
    [InlineData("{\"a\":\"}")]
    [InlineData("12")]
    public void Incomplete_values_need_more(string input)
    {
        var framer = new JsonValueFramer();
        Assert.Equal(JsonFrameStatus.NeedMore, framer.Scan(Encoding.UTF8.GetBytes(input), out _, out _));
    }

    [Fact]
    public void Whitespace_only_is_empty()
    {
        Assert.Equal(JsonFrameStatus.Empty, new JsonValueFramer().Scan("\n \r\t"u8, out _, out _));
    }

    [Theory]
    [InlineData("{]")]
    [InlineData("[}")]
    [InlineData("}")]
    public void Mismatched_brackets_are_invalid(string input)
    {
        Assert.Equal(JsonFrameStatus.Invalid, new JsonValueFramer().Scan(Encoding.UTF8.GetBytes(input), out _, out _));
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_invalid_not_a_crash()
    {
        var deep = new string('[', JsonValueFramer.MaxDepth + 1);
        Assert.Equal(JsonFrameStatus.Invalid, new JsonValueFramer().Scan(Encoding.UTF8.GetBytes(deep), out _, out _));
    }
}
