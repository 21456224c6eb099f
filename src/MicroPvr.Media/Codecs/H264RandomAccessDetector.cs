using MicroPvr.Media.MpegTs;

namespace MicroPvr.Media.Codecs;

/// <summary>
/// H.264: decides at the first slice of the access unit (ITU-T H.264 §7.4.1.2.3 orders SPS,
/// PPS and SEI before it). An IDR slice (nal_unit_type 5) is a random-access point; a non-IDR
/// slice is one when the unit also carried an SPS and a recovery point SEI (payloadType 6,
/// §D.2.8), or an SPS and the slice is an I/SI slice (open GOP, what broadcasters send).
/// </summary>
public sealed class H264RandomAccessDetector : StartCodeDetector
{
    private const int RecoveryPointPayloadType = 6;

    private bool _sps;
    private bool _recoveryPoint;

    /// <summary>64 bytes of each NAL unit are enough for the SEI messages that precede a recovery point.</summary>
    public H264RandomAccessDetector()
        : base(64)
    {
    }

    public override void Reset()
    {
        base.Reset();
        _sps = false;
        _recoveryPoint = false;
    }

    protected override DetectorVerdict OnUnit(ReadOnlySpan<byte> unit)
    {
        var type = unit[0] & 0x1F;
        switch (type)
        {
            case 5:
                Kind = RandomAccessKind.H264Idr;
                return DetectorVerdict.RandomAccess;
            case 7:
                _sps = true;
                return DetectorVerdict.Undecided;
            case 6:
                _recoveryPoint |= HasRecoveryPoint(unit[1..]);
                return DetectorVerdict.Undecided;
            case 1:
                if (_sps && _recoveryPoint)
                {
                    Kind = RandomAccessKind.H264RecoveryPoint;
                    return DetectorVerdict.RandomAccess;
                }

                if (_sps && IsIntraSlice(unit[1..]))
                {
                    Kind = RandomAccessKind.H264IntraSlice;
                    return DetectorVerdict.RandomAccess;
                }

                return DetectorVerdict.NotRandomAccess;
            case 2 or 3 or 4:
                return DetectorVerdict.NotRandomAccess; // data partitioning: never an entry point
            default:
                return DetectorVerdict.Undecided;
        }
    }

    /// <summary>Walks sei_message()s (§7.3.2.3.1) in the collected prefix looking for a recovery point.</summary>
    private static bool HasRecoveryPoint(ReadOnlySpan<byte> payload)
    {
        var r = new RbspReader(payload);
        while (r.HasMoreBytes)
        {
            var payloadType = ReadSeiValue(ref r);
            if (payloadType < 0 || r.Overrun)
            {
                return false;
            }

            if (payloadType == RecoveryPointPayloadType)
            {
                return true;
            }

            var payloadSize = ReadSeiValue(ref r);
            if (payloadSize < 0 || r.Overrun)
            {
                return false;
            }

            for (var i = 0; i < payloadSize; i++)
            {
                r.ReadByte();
                if (r.Overrun)
                {
                    return false;
                }
            }
        }

        return false;
    }

    /// <summary>payloadType / payloadSize coding: a run of 0xFF adds 255 each, then a last byte. -1 at 0x80 (rbsp trailing bits).</summary>
    private static int ReadSeiValue(ref RbspReader r)
    {
        var value = 0;
        var b = r.ReadByte();
        if (b == 0x80)
        {
            return -1;
        }

        while (b == 0xFF && !r.Overrun)
        {
            value += 255;
            b = r.ReadByte();
        }

        return value + b;
    }

    /// <summary>slice_header(): first_mb_in_slice ue(v), slice_type ue(v) with 2/7 = I and 4/9 = SI (§7.4.3, Table 7-6).</summary>
    private static bool IsIntraSlice(ReadOnlySpan<byte> payload)
    {
        var r = new RbspReader(payload);
        if (r.ReadUe() < 0)
        {
            return false;
        }

        var sliceType = r.ReadUe();
        return !r.Overrun && sliceType >= 0 && (sliceType % 5 == 2 || sliceType % 5 == 4);
    }
}
