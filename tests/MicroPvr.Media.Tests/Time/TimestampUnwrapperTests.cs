using MicroPvr.Media.Time;

namespace MicroPvr.Media.Tests.Time;

public sealed class TimestampUnwrapperTests
{
    [Fact]
    public void Crossing_two_to_the_33_keeps_counting_up()
    {
        var u = new TimestampUnwrapper();
        var start = MpegClock.Wrap33 - (5 * 3600);
        var expected = start;
        Assert.Equal(start, u.Unwrap(start));
        for (var i = 0; i < 20; i++)
        {
            expected += 3600;
            Assert.Equal(expected, u.Unwrap(expected & MpegClock.Mask33));
        }

        Assert.True(u.Last > MpegClock.Wrap33);
    }

    [Fact]
    public void Small_steps_back_from_b_frames_are_not_wraps()
    {
        var u = new TimestampUnwrapper();
        u.Unwrap(MpegClock.Wrap33 - 100);
        Assert.Equal(MpegClock.Wrap33 + 3500, u.Unwrap(3500));
        Assert.Equal(MpegClock.Wrap33 - 50, u.Unwrap(MpegClock.Wrap33 - 50)); // reordered: before the wrap
        Assert.Equal(MpegClock.Wrap33 + 7100, u.Unwrap(7100));
    }

    [Fact]
    public void Going_around_twice_and_backwards()
    {
        var u = new TimestampUnwrapper();
        long value = 0;
        u.Unwrap(0);
        const long Step = 1L << 31; // a quarter of the circle
        for (var i = 0; i < 9; i++)
        {
            value += Step;
            Assert.Equal(value, u.Unwrap(value));
        }

        Assert.Equal(value - Step, u.Unwrap((value - Step) & MpegClock.Mask33));
    }

    [Fact]
    public void Reset_restarts_from_the_raw_value()
    {
        var u = new TimestampUnwrapper();
        u.Unwrap(MpegClock.Wrap33 - 1);
        u.Unwrap(10);
        u.Reset();
        Assert.False(u.HasValue);
        Assert.Equal(10, u.Unwrap(10));
    }

    [Fact]
    public void Pcr_unwrapper_crosses_its_wrap()
    {
        var u = new PcrUnwrapper();
        var start = MpegClock.PcrWrap - 27_000;
        u.Unwrap(start);
        Assert.Equal(MpegClock.PcrWrap + 27_000, u.Unwrap(27_000));
        Assert.Equal(MpegClock.PcrWrap + 26_000, u.Unwrap(26_000));
    }

    [Theory]
    [InlineData(0, 100, 100)]
    [InlineData(100, 0, -100)]
    [InlineData(MpegClock.Mask33, 0, 1)]
    [InlineData(0, MpegClock.Mask33, -1)]
    public void Delta33_is_the_short_way_round(long from, long to, long expected) =>
        Assert.Equal(expected, MpegClock.Delta33(from, to));
}
