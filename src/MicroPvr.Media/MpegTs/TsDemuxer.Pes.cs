using MicroPvr.Media.Codecs;
using MicroPvr.Media.MpegTs.Psi;

namespace MicroPvr.Media.MpegTs;

/// <summary>
/// PES following (ISO/IEC 13818-1 §2.4.3.6): each payload_unit_start begins a PES packet, whose
/// header gives PTS/DTS and whose first elementary-stream bytes decide whether it is a
/// random-access point. After the verdict the rest of the PES is not looked at.
/// </summary>
public sealed partial class TsDemuxer
{
    private void FeedPes(PidContext ctx, ReadOnlySpan<byte> packet, ReadOnlySpan<byte> payload, bool unitStart, long byteOffset, long packetIndex)
    {
        if (unitStart)
        {
            if (ctx.InPes)
            {
                EndPes(ctx);
            }

            ctx.Statistics.PesPackets++;
            ctx.InPes = true;
            ctx.HeaderDone = false;
            ctx.HeaderLength = 0;
            ctx.HeaderNeeded = PesHeader.FixedLength;
            ctx.Decided = false;
            ctx.PesByteOffset = byteOffset;
            ctx.PesPacketIndex = packetIndex;
            ctx.PesRai = TsPacket.RandomAccessIndicator(packet);
            ctx.Pts = -1;
            ctx.Dts = -1;
            ctx.Detector?.Reset();
        }
        else if (!ctx.InPes || ctx.Decided)
        {
            return;
        }

        if (!ctx.HeaderDone)
        {
            payload = AppendHeader(ctx, payload);
            if (!ctx.HeaderDone)
            {
                return;
            }
        }

        if (!ctx.Decided && ctx.Detector is { } detector && !payload.IsEmpty)
        {
            var verdict = detector.Feed(payload);
            if (verdict != DetectorVerdict.Undecided)
            {
                Decide(ctx, verdict == DetectorVerdict.RandomAccess ? detector.Kind : RandomAccessKind.None);
            }
        }
    }

    /// <summary>Collects the PES header (it may span packets); returns the elementary-stream bytes after it.</summary>
    private ReadOnlySpan<byte> AppendHeader(PidContext ctx, ReadOnlySpan<byte> payload)
    {
        var header = ctx.Header!;
        while (true)
        {
            var take = Math.Min(ctx.HeaderNeeded - ctx.HeaderLength, payload.Length);
            payload[..take].CopyTo(header.AsSpan(ctx.HeaderLength));
            ctx.HeaderLength += take;
            payload = payload[take..];
            if (ctx.HeaderLength < ctx.HeaderNeeded)
            {
                return ReadOnlySpan<byte>.Empty;
            }

            var length = PesHeader.HeaderLength(header.AsSpan(0, ctx.HeaderLength));
            if (length < 0)
            {
                ctx.InPes = false; // not a PES packet: wait for the next unit start
                return ReadOnlySpan<byte>.Empty;
            }

            if (length <= ctx.HeaderLength)
            {
                // Streams without the optional header have a 6-byte header: give the extra bytes back.
                var extra = ctx.HeaderLength - length;
                var es = header.AsSpan(length, extra);
                OnHeader(ctx, header.AsSpan(0, length));
                if (extra > 0 && ctx.Detector is { } detector && !ctx.Decided)
                {
                    var verdict = detector.Feed(es);
                    if (verdict != DetectorVerdict.Undecided)
                    {
                        Decide(ctx, verdict == DetectorVerdict.RandomAccess ? detector.Kind : RandomAccessKind.None);
                    }
                }

                return payload;
            }

            ctx.HeaderNeeded = length;
        }
    }

    private void OnHeader(PidContext ctx, ReadOnlySpan<byte> header)
    {
        ctx.HeaderDone = true;
        PesHeader.ReadTimestamps(header, out ctx.Pts, out ctx.Dts);
        var kind = ctx.Stream!.Kind;
        if (kind == StreamKind.Audio && ctx.AudioOnlyProgram)
        {
            // A radio programme: every audio PES starts with a whole frame (ADTS/AC-3/MPEG audio sync).
            Decide(ctx, RandomAccessKind.AudioFrame);
        }
        else if (kind != StreamKind.Video)
        {
            ctx.Decided = true;
        }
        else if (ctx.Detector is null)
        {
            Decide(ctx, ctx.PesRai ? RandomAccessKind.RandomAccessIndicator : RandomAccessKind.None);
        }
    }

    /// <summary>The PES ended (next unit start, or end of input) without a verdict: judge what was seen.</summary>
    private void EndPes(PidContext ctx)
    {
        if (ctx.HeaderDone && !ctx.Decided && ctx.Detector is { } detector)
        {
            var verdict = detector.Finish();
            Decide(ctx, verdict == DetectorVerdict.RandomAccess ? detector.Kind : RandomAccessKind.None);
        }

        ctx.InPes = false;
    }

    private void Decide(PidContext ctx, RandomAccessKind kind)
    {
        ctx.Decided = true;
        if (kind == RandomAccessKind.None)
        {
            return;
        }

        ctx.Statistics.RandomAccessPoints++;
        _handler.OnRandomAccessPoint(new RandomAccessPoint(
            ctx.Pid, ctx.ProgramNumber, kind, ctx.Pts, ctx.Dts, ctx.PesByteOffset, ctx.PesPacketIndex, ctx.PesRai));
    }
}
