using MicroPvr.Media.MpegTs;
using MicroPvr.Media.MpegTs.Psi;

namespace MicroPvr.Core.Recording;

/// <summary>
/// Runs the TS demuxer over the received bytes and cuts the stream at keyframes. The demuxer may
/// judge a PES to be a keyframe only a few packets after it began (or when the next PES of that
/// PID starts), so the packets from each PES start of the keyframe PID are held until the verdict;
/// then they go out either as plain packets or as a keyframe with a fresh PAT+PMT in front of it
/// (docs/recording-format.md). One stager per source, shared by every writer of that source.
/// Not thread-safe.
/// </summary>
internal sealed partial class KeyframeStager : ITsDemuxHandler
{
    // A held PES larger than this is released as plain packets (no verdict ever came).
    private const int MaxHeldBytes = 8 * 1024 * 1024;

    private readonly TsDemuxer _demuxer;
    private readonly IRecordOutput _output;
    private readonly StreamClock _clock = new();
    private readonly byte[] _psi = new byte[TsPacket.Size * 64];
    private byte[] _stage = new byte[256 * 1024];
    private int _stageLength;
    private HeldRegion _closed = HeldRegion.None;
    private HeldRegion _open = HeldRegion.None;
    private int _keyframePid = -1;
    private IndexEntryFlags _pendingFlags;
    private double _nowUtcMs;

    public KeyframeStager(IRecordOutput output, long timestampFrequency)
    {
        _output = output;
        _demuxer = new TsDemuxer(this, new TsDemuxerOptions { DeliverPackets = true, TimestampFrequency = timestampFrequency });
    }

    public TsDemuxer Demuxer => _demuxer;

    /// <summary>PAT and PMT PIDs (index = PID): writers renumber their continuity counters.</summary>
    public bool[] PsiPids { get; } = CreatePsiPids();

    /// <summary>Keyframes passed to the output.</summary>
    public long Keyframes { get; private set; }

    /// <summary>PID whose keyframes are indexed (first video stream, else first audio stream), or -1.</summary>
    public int KeyframePid => _keyframePid;

    /// <summary>Raised (synchronously) when the PMT changed its streams; the argument is the new PMT.</summary>
    public event Action<ProgramMap>? PmtChanged;

    /// <summary>Raised when the stream's PCR jumped (a new run starts).</summary>
    public event Action<PcrSample>? PcrJumped;

    /// <summary>Marks the next keyframe (source restart, silence, lost data) and restarts the time mapping when asked.</summary>
    public void MarkNextKeyframe(IndexEntryFlags flags)
    {
        _pendingFlags |= flags;
        if ((flags & IndexEntryFlags.Discontinuity) != 0)
        {
            _clock.Restart();
        }
    }

    /// <summary>Analyses received bytes and sends what is decided to the output.</summary>
    public void Push(ReadOnlySpan<byte> data, long receivedTimestamp, double receivedUtcMs)
    {
        _nowUtcMs = receivedUtcMs;
        _demuxer.Push(data, receivedTimestamp);
        ReleaseDecided();
        if (!_open.IsActive && !_closed.IsActive)
        {
            EmitPlain(_stageLength);
        }
    }

    /// <summary>End of input: judges the last PES and sends everything still held.</summary>
    public void Complete()
    {
        _demuxer.Flush();
        ReleaseDecided();
        EmitPlain(_stageLength);
        _open = HeldRegion.None;
    }

    void ITsDemuxHandler.OnPacket(ReadOnlySpan<byte> packet, long byteOffset, long packetIndex)
    {
        // Called before the demuxer analyses this packet: the previous one is fully judged now.
        ReleaseDecided();
        if (TsPacket.Pid(packet) == _keyframePid && TsPacket.PayloadUnitStart(packet))
        {
            if (_open.IsActive)
            {
                _closed = _open; // its verdict may still come while this packet is analysed (end of PES)
            }

            _open = new HeldRegion(_stageLength, packetIndex);
        }

        Append(packet);
        if (_stageLength > MaxHeldBytes)
        {
            _closed = HeldRegion.None;
            _open = HeldRegion.None;
            EmitPlain(_stageLength);
        }
    }

    void ITsDemuxHandler.OnRandomAccessPoint(in RandomAccessPoint point)
    {
        if (point.Pid != _keyframePid)
        {
            return;
        }

        var flags = _pendingFlags | (point.Kind == RandomAccessKind.AudioFrame ? IndexEntryFlags.AudioOnly : IndexEntryFlags.None);
        var mark = new KeyframeMark(_clock.CurrentUtcMs(_nowUtcMs), point.Pts90k, flags);
        if (_open.IsActive && _open.PacketIndex == point.PesPacketIndex)
        {
            _open = _open with { Mark = mark, IsKeyframe = true };
            _pendingFlags = IndexEntryFlags.None;
        }
        else if (_closed.IsActive && _closed.PacketIndex == point.PesPacketIndex)
        {
            _closed = _closed with { Mark = mark, IsKeyframe = true };
            _pendingFlags = IndexEntryFlags.None;
        }
    }

    void ITsDemuxHandler.OnPcr(in PcrSample pcr)
    {
        if (!_clock.OnPcr(pcr.Pcr27M, _nowUtcMs, pcr.IsJump) && pcr.IsJump)
        {
            _pendingFlags |= IndexEntryFlags.Discontinuity;
            PcrJumped?.Invoke(pcr);
        }
    }

    void ITsDemuxHandler.OnPmt(ProgramMap pmt, ProgramMap? previous)
    {
        ChooseKeyframePid();
        if (previous is not null && !pmt.HasSameStreams(previous))
        {
            _pendingFlags |= IndexEntryFlags.PmtChange;
            PmtChanged?.Invoke(pmt);
        }
    }

    void ITsDemuxHandler.OnPat(ProgramAssociation pat)
    {
        Array.Clear(PsiPids);
        PsiPids[TsPacket.PatPid] = true;
        foreach (var program in pat.Programs)
        {
            if (program.ProgramNumber != 0)
            {
                PsiPids[program.PmtPid] = true;
            }
        }

        ChooseKeyframePid();
    }

    /// <summary>The first video stream of the first programme that has one, else the first audio stream.</summary>
    private void ChooseKeyframePid()
    {
        var pid = -1;
        var pat = _demuxer.Pat;
        if (pat is not null)
        {
            foreach (var program in pat.Programs)
            {
                if (_demuxer.GetPmt(program.ProgramNumber) is not { } pmt)
                {
                    continue;
                }

                foreach (var s in pmt.Streams)
                {
                    if (s.Kind == StreamKind.Video)
                    {
                        SetKeyframePid(s.Pid);
                        return;
                    }

                    if (pid < 0 && s.Kind == StreamKind.Audio)
                    {
                        pid = s.Pid;
                    }
                }
            }
        }

        SetKeyframePid(pid);
    }

    private void SetKeyframePid(int pid)
    {
        if (pid != _keyframePid)
        {
            // Held regions belonged to the old PID: they are plain packets now.
            _closed = HeldRegion.None;
            _open = HeldRegion.None;
            _keyframePid = pid;
        }
    }

    private void ReleaseDecided()
    {
        if (_closed.IsActive)
        {
            // Everything about the closed PES was decided while the previous packet was analysed.
            var end = _open.IsActive ? _open.Start : _stageLength;
            Release(_closed, end);
            _closed = HeldRegion.None;
        }

        if (_open.IsActive && _open.IsKeyframe)
        {
            Release(_open, _stageLength);
            _open = HeldRegion.None;
        }
    }

    /// <summary>Emits everything before the region as plain packets, then the region as decided.</summary>
    private void Release(HeldRegion region, int end)
    {
        EmitPlain(region.Start);
        var length = end - region.Start;
        if (region.IsKeyframe)
        {
            var psiLength = _demuxer.WritePsiPackets(_psi);
            if (psiLength > 0)
            {
                Keyframes++;
                _output.WriteKeyframe(region.Mark, _psi.AsSpan(0, psiLength), _stage.AsSpan(0, length));
            }
            else
            {
                _output.WritePackets(_stage.AsSpan(0, length));
            }
        }
        else
        {
            _output.WritePackets(_stage.AsSpan(0, length));
        }

        Consume(length);
    }

    /// <summary>Sends the first <paramref name="length"/> staged bytes as plain packets.</summary>
    private void EmitPlain(int length)
    {
        if (length > 0)
        {
            _output.WritePackets(_stage.AsSpan(0, length));
            Consume(length);
        }
    }

    private void Consume(int length)
    {
        Buffer.BlockCopy(_stage, length, _stage, 0, _stageLength - length);
        _stageLength -= length;
        _closed = _closed.Shift(length);
        _open = _open.Shift(length);
    }

    private void Append(ReadOnlySpan<byte> packet)
    {
        if (_stageLength + packet.Length > _stage.Length)
        {
            Array.Resize(ref _stage, _stage.Length * 2);
        }

        packet.CopyTo(_stage.AsSpan(_stageLength));
        _stageLength += packet.Length;
    }

    private static bool[] CreatePsiPids()
    {
        var pids = new bool[TsPacket.MaxPid + 1];
        pids[TsPacket.PatPid] = true;
        return pids;
    }

    /// <summary>A run of staged packets starting at a PES start of the keyframe PID.</summary>
    private readonly record struct HeldRegion(int Start, long PacketIndex, bool IsKeyframe = false, KeyframeMark Mark = default)
    {
        public static HeldRegion None => new(-1, -1);

        public bool IsActive => Start >= 0;

        public HeldRegion Shift(int consumed) => IsActive ? this with { Start = Start - consumed } : this;
    }
}
