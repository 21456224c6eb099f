using BenchmarkDotNet.Attributes;
using MicroPvr.Media.MpegTs;
using MicroPvr.TestKit;

namespace MicroPvr.Benchmarks;

/// <summary>
/// Demux throughput of <see cref="TsDemuxer"/> on the in-memory demo fixture (H.264 + AAC,
/// tests/fixtures/h264_aac.ts): one operation = the whole file, replayed into one long-lived
/// demuxer (steady state: PIDs and tables known). MB/s = file size / mean time. Chunk sizes: a UDP
/// datagram (7 packets, 1316 bytes) and a 64 KiB file read.
/// </summary>
[MemoryDiagnoser]
public class DemuxBenchmarks
{
    private byte[] _data = [];
    private TsDemuxer _demuxer = null!;
    private NullHandler _handler = null!;
    private TsPacketReader _reader = null!;
    private CountingSink _sink = null!;

    [Params(1316, 65536)]
    public int ChunkSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = File.ReadAllBytes(Fixtures.H264Aac);
        _handler = new NullHandler();
        _demuxer = new TsDemuxer(_handler);
        _demuxer.Push(_data);
        _sink = new CountingSink();
        _reader = new TsPacketReader(_sink);
        _reader.Push(_data);
    }

    /// <summary>Bytes per operation, to turn the mean time into MB/s.</summary>
    public int FileBytes => _data.Length;

    [Benchmark]
    public int DemuxFile()
    {
        var data = _data.AsSpan();
        var chunk = ChunkSize;
        for (var i = 0; i < data.Length; i += chunk)
        {
            _demuxer.Push(data.Slice(i, Math.Min(chunk, data.Length - i)));
        }

        return _handler.RandomAccessPoints;
    }

    /// <summary>The packet reader alone (sync and framing), for the split of the cost.</summary>
    [Benchmark]
    public long ReadPacketsOnly()
    {
        var data = _data.AsSpan();
        var chunk = ChunkSize;
        for (var i = 0; i < data.Length; i += chunk)
        {
            _reader.Push(data.Slice(i, Math.Min(chunk, data.Length - i)));
        }

        return _sink.Packets;
    }

    private sealed class NullHandler : ITsDemuxHandler
    {
        public int RandomAccessPoints { get; private set; }

        public void OnRandomAccessPoint(in RandomAccessPoint point) => RandomAccessPoints++;
    }

    private sealed class CountingSink : ITsPacketSink
    {
        public long Packets { get; private set; }

        public void OnPacket(ReadOnlySpan<byte> packet, long byteOffset, long packetIndex) => Packets++;

        public void OnSyncAcquired(long byteOffset, int packetSize, long skippedBytes)
        {
        }

        public void OnSyncLost(long byteOffset)
        {
        }
    }
}
