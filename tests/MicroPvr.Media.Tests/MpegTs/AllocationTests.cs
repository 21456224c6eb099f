using MicroPvr.Media.MpegTs;
using MicroPvr.TestKit;

namespace MicroPvr.Media.Tests.MpegTs;

public sealed class AllocationTests
{
    [Theory]
    [InlineData("h264_aac.ts")]
    [InlineData("mpeg2_mp2.ts")]
    [InlineData("errors.ts")]
    public void Steady_state_demux_allocates_nothing(string name)
    {
        var data = File.ReadAllBytes(Path.Combine(Fixtures.Directory, name));
        var handler = new CountingHandler();
        var demuxer = new TsDemuxer(handler);
        demuxer.Push(data); // first pass: PIDs, tables and detectors are created

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < data.Length; i += 1316)
        {
            demuxer.Push(data.AsSpan(i, Math.Min(1316, data.Length - i)));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(handler.RandomAccessPoints > 0);
        Assert.Equal(0, allocated);
    }

    private sealed class CountingHandler : ITsDemuxHandler
    {
        public int RandomAccessPoints { get; private set; }

        public void OnRandomAccessPoint(in RandomAccessPoint point) => RandomAccessPoints++;
    }
}
