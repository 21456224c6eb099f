using MicroPvr.Media.MpegTs;

namespace MicroPvr.Media.Codecs;

/// <summary>
/// H.265: the access unit is a random-access point when its first VCL NAL unit is an IRAP
/// picture, nal_unit_type 16..23 (BLA_W_LP..RSV_IRAP_VCL23, ITU-T H.265 §7.4.2.2, Table 7-1).
/// </summary>
public sealed class H265RandomAccessDetector : StartCodeDetector
{
    public H265RandomAccessDetector()
        : base(2)
    {
    }

    protected override DetectorVerdict OnUnit(ReadOnlySpan<byte> unit)
    {
        var type = (unit[0] >> 1) & 0x3F;
        if (type > 31)
        {
            return DetectorVerdict.Undecided; // VPS/SPS/PPS/AUD/SEI: not yet a picture
        }

        if (type is >= 16 and <= 23)
        {
            Kind = RandomAccessKind.H265Irap;
            return DetectorVerdict.RandomAccess;
        }

        return DetectorVerdict.NotRandomAccess;
    }
}
