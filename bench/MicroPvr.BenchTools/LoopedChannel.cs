using MicroPvr.Core.Ingest.FileReplay;

namespace MicroPvr.BenchTools;

/// <summary>
/// One channel of the replayer: a read position in the shared in-memory file and the product's
/// <see cref="TsLoopRewriter"/>, so that each pass continues the previous one (continuity
/// counters per PID, ISO/IEC 13818-1 §2.4.3.3; PCR, PTS and DTS shifted by a pass) and looping
/// makes no CC error and no time jump. Channels start at different places in the file, as live
/// channels do not have their keyframes in step.
/// </summary>
public sealed class LoopedChannel
{
    private const int PacketSize = 188;
    private readonly byte[] _file;
    private readonly int _first;
    private readonly int _packets;
    private readonly TsLoopRewriter _rewriter;
    private int _position;

    internal LoopedChannel(byte[] file, TsFileTimeline timeline, int startPacket)
    {
        _file = file;
        _first = (int)timeline.FirstPacketOffset;
        _packets = (file.Length - _first) / PacketSize;
        _rewriter = new TsLoopRewriter(timeline);
        _position = startPacket % _packets;
    }

    /// <summary>Passes completed.</summary>
    public long Loops => _rewriter.Loop;

    /// <summary>Copies the next whole packets into <paramref name="datagram"/> (a multiple of 188 bytes), rewritten.</summary>
    public void Fill(Span<byte> datagram)
    {
        for (var at = 0; at + PacketSize <= datagram.Length; at += PacketSize)
        {
            if (_position == _packets)
            {
                _rewriter.StartNextLoop();
                _position = 0;
            }

            var packet = datagram.Slice(at, PacketSize);
            _file.AsSpan(_first + (_position * PacketSize), PacketSize).CopyTo(packet);
            _rewriter.Rewrite(packet);
            _position++;
        }
    }
}
