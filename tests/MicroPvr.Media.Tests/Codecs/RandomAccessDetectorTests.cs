using MicroPvr.Media.Codecs;
using MicroPvr.Media.MpegTs;

namespace MicroPvr.Media.Tests.Codecs;

public sealed class RandomAccessDetectorTests
{
    private static readonly byte[] StartCode = [0, 0, 0, 1];

    // H.264 NAL units (header byte + a few payload bytes).
    private static readonly byte[] Aud = [0x09, 0xF0];
    private static readonly byte[] Sps = [0x67, 0x4D, 0x40, 0x1E, 0x96, 0x52];
    private static readonly byte[] Pps = [0x68, 0xEB, 0xE3, 0xCB];
    // SEI: pic_timing (type 1, size 2), then recovery_point (type 6, size 1), rbsp trailing bits.
    private static readonly byte[] SeiRecovery = [0x06, 0x01, 0x02, 0xAA, 0xBB, 0x06, 0x01, 0x84, 0x80];
    // SEI with only user_data_unregistered (type 5, size 3).
    private static readonly byte[] SeiOther = [0x06, 0x05, 0x03, 0x11, 0x22, 0x33, 0x80];
    // Slices: first_mb_in_slice = 0 ("1"), slice_type ue(v): 7 (I) = 0001000, 5 (P) = 00110.
    private static readonly byte[] IdrSlice = [0x65, 0x88, 0x84];
    private static readonly byte[] ISlice = [0x41, 0x88, 0x84];   // "1" "0001000" -> 0x88
    private static readonly byte[] PSlice = [0x41, 0x9A, 0x00];   // "1" "00110" "10" -> 0x9A

    private static byte[] Es(params byte[][] units) => units.SelectMany(u => StartCode.Concat(u)).ToArray();

    /// <summary>Feeds the bytes in pieces of the given size; returns the verdict and kind (Finish at the end).</summary>
    private static (DetectorVerdict, RandomAccessKind) Run(StartCodeDetector d, byte[] es, int piece)
    {
        d.Reset();
        for (var i = 0; i < es.Length; i += piece)
        {
            var v = d.Feed(es.AsSpan(i, Math.Min(piece, es.Length - i)));
            if (v != DetectorVerdict.Undecided)
            {
                return (v, d.Kind);
            }
        }

        return (d.Finish(), d.Kind);
    }

    public static TheoryData<int> Pieces() => [1, 2, 3, 5, 1000];

    [Theory]
    [MemberData(nameof(Pieces))]
    public void H264_idr(int piece) =>
        Assert.Equal((DetectorVerdict.RandomAccess, RandomAccessKind.H264Idr), Run(new H264RandomAccessDetector(), Es(Aud, Sps, Pps, IdrSlice), piece));

    [Theory]
    [MemberData(nameof(Pieces))]
    public void H264_sps_and_recovery_point_before_a_non_idr_slice(int piece) =>
        Assert.Equal((DetectorVerdict.RandomAccess, RandomAccessKind.H264RecoveryPoint), Run(new H264RandomAccessDetector(), Es(Aud, Sps, Pps, SeiRecovery, PSlice), piece));

    [Theory]
    [MemberData(nameof(Pieces))]
    public void H264_recovery_point_without_sps_is_not_enough(int piece) =>
        Assert.Equal(DetectorVerdict.NotRandomAccess, Run(new H264RandomAccessDetector(), Es(Aud, SeiRecovery, PSlice), piece).Item1);

    [Theory]
    [MemberData(nameof(Pieces))]
    public void H264_sps_and_i_slice_is_an_open_gop_entry(int piece) =>
        Assert.Equal((DetectorVerdict.RandomAccess, RandomAccessKind.H264IntraSlice), Run(new H264RandomAccessDetector(), Es(Aud, Sps, Pps, SeiOther, ISlice), piece));

    [Theory]
    [MemberData(nameof(Pieces))]
    public void H264_p_slice_is_not(int piece)
    {
        Assert.Equal(DetectorVerdict.NotRandomAccess, Run(new H264RandomAccessDetector(), Es(Aud, PSlice), piece).Item1);
        Assert.Equal(DetectorVerdict.NotRandomAccess, Run(new H264RandomAccessDetector(), Es(Aud, Sps, Pps, SeiOther, PSlice), piece).Item1);
    }

    [Theory]
    [MemberData(nameof(Pieces))]
    public void H264_emulation_prevention_inside_the_sei_is_skipped(int piece)
    {
        // pic_timing payload 00 00 03 01 (escaped 00 00 01), then the recovery point.
        byte[] sei = [0x06, 0x01, 0x03, 0x00, 0x00, 0x03, 0x01, 0x06, 0x01, 0x84, 0x80];
        Assert.Equal(RandomAccessKind.H264RecoveryPoint, Run(new H264RandomAccessDetector(), Es(Sps, sei, PSlice), piece).Item2);
    }

    [Theory]
    [InlineData(19, true)]   // IDR_W_RADL
    [InlineData(21, true)]   // CRA
    [InlineData(16, true)]   // BLA_W_LP
    [InlineData(1, false)]   // TRAIL_R
    [InlineData(9, false)]   // RASL_R
    public void H265_irap_types(int nalType, bool randomAccess)
    {
        byte[] vps = [0x40, 0x01, 0x0C];
        byte[] slice = [(byte)(nalType << 1), 0x01, 0xAF];
        foreach (var piece in new[] { 1, 2, 1000 })
        {
            var (v, kind) = Run(new H265RandomAccessDetector(), Es(vps, slice), piece);
            Assert.Equal(randomAccess ? DetectorVerdict.RandomAccess : DetectorVerdict.NotRandomAccess, v);
            Assert.Equal(randomAccess ? RandomAccessKind.H265Irap : RandomAccessKind.None, kind);
        }
    }

    [Fact]
    public void Mpeg2_i_picture_with_and_without_sequence_header()
    {
        byte[] seq = [0xB3, 0x14, 0x00, 0xB4];
        byte[] gop = [0xB8, 0x00, 0x08, 0x00];
        byte[] iPicture = [0x00, 0x00, 0x0F, 0xFF];   // temporal_reference 0, picture_coding_type 1
        byte[] pPicture = [0x00, 0x00, 0x57, 0xFF];   // picture_coding_type 2
        foreach (var piece in new[] { 1, 3, 1000 })
        {
            Assert.Equal((DetectorVerdict.RandomAccess, RandomAccessKind.Mpeg2SequenceHeader), Run(new Mpeg2VideoRandomAccessDetector(), Es(seq, gop, iPicture), piece));
            Assert.Equal((DetectorVerdict.RandomAccess, RandomAccessKind.Mpeg2IntraPicture), Run(new Mpeg2VideoRandomAccessDetector(), Es(gop, iPicture), piece));
            Assert.Equal(DetectorVerdict.NotRandomAccess, Run(new Mpeg2VideoRandomAccessDetector(), Es(pPicture), piece).Item1);
        }
    }

    [Fact]
    public void A_unit_cut_short_by_the_end_of_the_pes_is_judged_at_finish()
    {
        var d = new H264RandomAccessDetector();
        d.Reset();
        Assert.Equal(DetectorVerdict.Undecided, d.Feed(Es(Sps, [0x65])));
        Assert.Equal(DetectorVerdict.RandomAccess, d.Finish());
    }
}
