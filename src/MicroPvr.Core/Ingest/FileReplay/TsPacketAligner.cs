using MicroPvr.Media.MpegTs;

namespace MicroPvr.Core.Ingest.FileReplay;

/// <summary>
/// Reads 188-byte packets from a file stream with a reused buffer, skipping garbage by looking for
/// a sync byte followed by another one 188 bytes later (ISO/IEC 13818-1 §2.4.3.2).
/// </summary>
internal sealed class TsPacketAligner(Stream stream)
{
    private readonly byte[] _buffer = new byte[TsPacket.Size * 512];
    private int _start;
    private int _end;

    /// <summary>File offset of the packet last returned.</summary>
    public long PacketOffset { get; private set; }

    /// <summary>Offset of the first sync byte that starts two consecutive packets, or -1.</summary>
    public static long FindSync(Stream stream)
    {
        stream.Position = 0;
        var probe = new byte[Math.Min(stream.Length, 64 * 1024)];
        var n = stream.ReadAtLeast(probe, probe.Length, throwOnEndOfStream: false);
        for (var i = 0; i + TsPacket.Size < n; i++)
        {
            if (probe[i] == TsPacket.SyncByte && probe[i + TsPacket.Size] == TsPacket.SyncByte)
            {
                return i;
            }
        }

        return n >= TsPacket.Size && probe[0] == TsPacket.SyncByte ? 0 : -1;
    }

    /// <summary>The next packet (valid until the next call), or false at the end of the file.</summary>
    public bool TryReadPacket(out Span<byte> packet)
    {
        while (true)
        {
            if (_end - _start < TsPacket.Size + 1 && !Fill())
            {
                if (_end - _start >= TsPacket.Size && _buffer[_start] == TsPacket.SyncByte)
                {
                    return Take(out packet);
                }

                packet = default;
                return false;
            }

            if (_buffer[_start] == TsPacket.SyncByte && (_end - _start == TsPacket.Size || _buffer[_start + TsPacket.Size] == TsPacket.SyncByte))
            {
                return Take(out packet);
            }

            _start++; // garbage: slide until two packets line up again
        }
    }

    private bool Take(out Span<byte> packet)
    {
        packet = _buffer.AsSpan(_start, TsPacket.Size);
        PacketOffset = stream.Position - (_end - _start);
        _start += TsPacket.Size;
        return true;
    }

    private bool Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        while (_end < TsPacket.Size + 1)
        {
            var read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                return false;
            }

            _end += read;
        }

        return true;
    }

    /// <summary>Forgets buffered bytes (after the caller moved the stream position).</summary>
    public void Reset()
    {
        _start = 0;
        _end = 0;
    }
}
