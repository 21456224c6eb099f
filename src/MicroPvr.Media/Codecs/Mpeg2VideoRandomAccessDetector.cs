using MicroPvr.Media.MpegTs;

namespace MicroPvr.Media.Codecs;

/// <summary>
/// MPEG-2 (and MPEG-1) video: the access unit is a random-access point when its picture header
/// (start code 0x00) has picture_coding_type 1 = I (ISO/IEC 13818-2 §6.2.3, Table 6-12); a
/// sequence header (0xB3, §6.2.2.1) before it makes it a clean entry point for any decoder.
/// </summary>
public sealed class Mpeg2VideoRandomAccessDetector : StartCodeDetector
{
    private bool _sequenceHeader;

    public Mpeg2VideoRandomAccessDetector()
        : base(3)
    {
    }

    public override void Reset()
    {
        base.Reset();
        _sequenceHeader = false;
    }

    protected override DetectorVerdict OnUnit(ReadOnlySpan<byte> unit)
    {
        switch (unit[0])
        {
            case 0xB3:
                _sequenceHeader = true;
                return DetectorVerdict.Undecided;
            case 0x00 when unit.Length >= 3:
                // picture_header: temporal_reference (10 bits), picture_coding_type (3 bits).
                var codingType = (unit[2] >> 3) & 0x07;
                if (codingType != 1)
                {
                    return DetectorVerdict.NotRandomAccess;
                }

                Kind = _sequenceHeader ? RandomAccessKind.Mpeg2SequenceHeader : RandomAccessKind.Mpeg2IntraPicture;
                return DetectorVerdict.RandomAccess;
            case >= 0x01 and <= 0xAF:
                return DetectorVerdict.NotRandomAccess; // a slice before any picture header: broken unit
            default:
                return DetectorVerdict.Undecided;
        }
    }
}
