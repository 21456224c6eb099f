using MicroPvr.Core.Catalog;

namespace MicroPvr.Core.Tests.Storage;

public sealed class RecordFileNameTests
{
    [Fact]
    public void The_compat_name_gives_channel_start_and_task()
    {
        Assert.True(RecordFileName.TryParse("c3_t1498201120_77.ts", out var channel, out var start, out var task));
        Assert.Equal(3, channel);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1498201120), start);
        Assert.Equal(77, task);
    }

    [Theory]
    [InlineData("c3_t1498201120_77.ts.idx")]
    [InlineData("c3_t1498201120_77.m3u8")]
    [InlineData("c0_t1498201120_77.ts")]
    [InlineData("c-3_t1498201120_77.ts")]
    [InlineData("c3_t_77.ts")]
    [InlineData("c3_t1498201120_.ts")]
    [InlineData("c3_1498201120_77.ts")]
    [InlineData("x3_t1498201120_77.ts")]
    [InlineData("c3_t99999999999999_77.ts")]
    [InlineData("c3_t1498201120_77_1.ts")]
    public void Anything_else_is_not_a_record_file(string name) =>
        Assert.False(RecordFileName.TryParse(name, out _, out _, out _));
}
