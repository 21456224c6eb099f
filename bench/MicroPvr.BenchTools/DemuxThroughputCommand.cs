using System.Diagnostics;
using System.Globalization;
using MicroPvr.Media.MpegTs;

namespace MicroPvr.BenchTools;

/// <summary>
/// `demux-throughput --file F --seconds S [--chunk N]`: the product's <see cref="TsDemuxer"/> over
/// the same file that bench/demux.sh gives `ffmpeg -c copy -f null`, held in memory and pushed
/// in chunks of N bytes (65536 like a file reader; 1316 like UDP datagrams) for S seconds, one
/// demuxer in steady state (the loop repeats the file: its wrap is one CC gap per PID per pass).
/// Prints MB/s by wall clock and per CPU second, and bytes allocated per packet.
/// </summary>
public static class DemuxThroughputCommand
{
    public static int Run(string[] args)
    {
        var a = new Arguments(args);
        var data = File.ReadAllBytes(a.Text("file"));
        var seconds = a.Number("seconds", 5);
        var chunk = (int)a.WholeNumber("chunk", 65536);
        var name = a.Text("name", "demux.micropvr");
        var handler = new CountingHandler();
        var demuxer = new TsDemuxer(handler);

        // Warm-up: JIT tiers and every PID's tables, so the timed part is the steady state.
        for (var i = 0; i < 3; i++)
        {
            Push(demuxer, data, chunk);
        }

        var packets0 = demuxer.PacketCount;
        var bytes0 = demuxer.BytesPushed;
        var allocated0 = GC.GetAllocatedBytesForCurrentThread();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        do
        {
            Push(demuxer, data, chunk);
        }
        while (clock.Elapsed.TotalSeconds < seconds);

        var wall = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocated0;
        var bytes = demuxer.BytesPushed - bytes0;
        var packets = demuxer.PacketCount - packets0;
        Line($"FIGURE {name}.throughput {bytes / wall / 1e6:0.#} MB/s");
        Line($"FIGURE {name}.throughput_per_cpu_second {bytes / cpu / 1e6:0.#} MB/s");
        Line($"FIGURE {name}.allocated_per_packet {(double)allocated / packets:0.####} bytes");
        Line($"# {name}: {bytes} bytes, {packets} packets in {wall:0.###} s wall, {cpu:0.###} s CPU, chunk {chunk} bytes, {handler.Keyframes} keyframes, {demuxer.ContinuityErrors} CC gaps (one per PID per loop)");
        return handler.Keyframes > 0 ? 0 : 1;
    }

    private static void Push(TsDemuxer demuxer, byte[] data, int chunk)
    {
        for (var offset = 0; offset < data.Length; offset += chunk)
        {
            demuxer.Push(data.AsSpan(offset, Math.Min(chunk, data.Length - offset)));
        }
    }

    private static void Line(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));

    /// <summary>Counts keyframes, so that the demuxer's work is observed and cannot be skipped.</summary>
    private sealed class CountingHandler : ITsDemuxHandler
    {
        public long Keyframes { get; private set; }

        public void OnRandomAccessPoint(in RandomAccessPoint point) => Keyframes++;
    }
}
