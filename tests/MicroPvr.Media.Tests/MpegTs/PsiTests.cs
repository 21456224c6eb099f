using MicroPvr.Media.MpegTs;
using MicroPvr.Media.MpegTs.Psi;
using MicroPvr.TestKit;

namespace MicroPvr.Media.Tests.MpegTs;

public sealed class PsiTests
{
    [Fact]
    public void Crc32_of_a_whole_section_is_zero_and_detects_a_flipped_bit()
    {
        var (_, d) = Demux.RunFile(Fixtures.H264Aac);
        var section = d.GetPmt(1)!.Section.ToArray();
        Assert.Equal(0u, Crc32Mpeg.Compute(section));
        section[5] ^= 0x10;
        Assert.NotEqual(0u, Crc32Mpeg.Compute(section));
    }

    [Fact]
    public void Written_psi_packets_describe_the_same_programmes_with_continuous_counters()
    {
        var (_, d) = Demux.RunFile(Fixtures.MultiProgram);
        var buffer = new byte[188 * 8];
        var written = d.WritePsiPackets(buffer);
        Assert.Equal(3 * 188, written); // PAT + two PMTs

        // The CC of each written packet is the one last seen on its PID: the live stream's next one follows it.
        for (var i = 0; i < 3; i++)
        {
            var p = buffer.AsSpan(i * 188, 188);
            Assert.Equal(d.GetLastContinuityCounter(TsPacket.Pid(p)), TsPacket.ContinuityCounter(p));
        }

        var (h, d2) = Demux.Run(buffer.AsSpan(0, written), 188);
        Assert.Equal(d.Pat!.Programs, h.Pats.Single().Programs);
        Assert.Equal(2, h.Pmts.Count);
        Assert.Equal(d.GetPmt(1)!.Section.ToArray(), d2.GetPmt(1)!.Section.ToArray());
        Assert.Equal(d.GetPmt(2)!.Section.ToArray(), d2.GetPmt(2)!.Section.ToArray());
    }

    [Fact]
    public void A_section_spanning_packets_is_reassembled()
    {
        // A PMT with many streams (long descriptors) needs three packets.
        var section = BuildPmt(program: 7, version: 3, streams: 40);
        Assert.True(section.Length > 184 * 2);
        var pat = BuildPat(7, 0x200);
        var buffer = new byte[188 * 6];
        var n = PsiPacketizer.Write(pat, 0, -1, buffer);
        n += PsiPacketizer.Write(section, 0x200, -1, buffer.AsSpan(n));
        Assert.Equal(188 * 4, n);
        foreach (var chunk in new[] { 1, 188, 752 })
        {
            var (h, d) = Demux.Run(buffer.AsSpan(0, n), chunk);
            var pmt = Assert.Single(h.Pmts);
            Assert.Equal(40, pmt.Streams.Count);
            Assert.Equal(3, pmt.Version);
            Assert.Equal(0, d.PsiErrors);
        }
    }

    [Fact]
    public void A_pmt_version_change_is_reported_with_the_previous_table()
    {
        var buffer = new byte[188 * 6];
        var n = PsiPacketizer.Write(BuildPat(7, 0x200), 0, -1, buffer);
        n += PsiPacketizer.Write(BuildPmt(7, 1, 2), 0x200, 0, buffer.AsSpan(n));
        n += PsiPacketizer.Write(BuildPmt(7, 1, 2), 0x200, 1, buffer.AsSpan(n));
        n += PsiPacketizer.Write(BuildPmt(7, 2, 3), 0x200, 2, buffer.AsSpan(n));
        var handler = new PmtHistory();
        var d = new TsDemuxer(handler);
        d.Push(buffer.AsSpan(0, n));
        d.Flush();
        Assert.Equal([(1, (int?)null), (2, 1)], handler.Changes);
        Assert.False(d.GetPmt(7)!.HasSameStreams(handler.First!));
    }

    [Fact]
    public void A_corrupted_section_is_an_error_not_a_table()
    {
        var buffer = new byte[188 * 3];
        for (var i = 0; i < 3; i++)
        {
            var packet = buffer.AsSpan(i * 188, 188);
            PsiPacketizer.Write(BuildPat(7, 0x200), 0, i, packet);
            packet[10] ^= 0x01; // inside the programme loop
        }

        var (h, d) = Demux.Run(buffer, 188);
        Assert.Empty(h.Pats);
        Assert.Equal(3, d.PsiErrors);
    }

    internal static byte[] BuildPat(int program, int pmtPid)
    {
        byte[] s = [0x00, 0xB0, 0, 0x00, 0x01, 0xC1, 0, 0, (byte)(program >> 8), (byte)program, (byte)(0xE0 | (pmtPid >> 8)), (byte)pmtPid, 0, 0, 0, 0];
        return Finish(s);
    }

    internal static byte[] BuildPmt(int program, int version, int streams)
    {
        var body = new List<byte> { 0x02, 0xB0, 0, (byte)(program >> 8), (byte)program, (byte)(0xC1 | (version << 1)), 0, 0, 0xE1, 0x00, 0xF0, 0x00 };
        for (var i = 0; i < streams; i++)
        {
            var pid = 0x100 + i;
            body.AddRange([0x1B, (byte)(0xE0 | (pid >> 8)), (byte)pid, 0xF0, 6, 0x0A, 4, (byte)'e', (byte)'n', (byte)'g', 0]);
        }

        body.AddRange([0, 0, 0, 0]);
        return Finish([.. body]);
    }

    private static byte[] Finish(byte[] s)
    {
        var length = s.Length - 3;
        s[1] = (byte)(0xB0 | (length >> 8));
        s[2] = (byte)length;
        var crc = Crc32Mpeg.Compute(s.AsSpan(0, s.Length - 4));
        s[^4] = (byte)(crc >> 24);
        s[^3] = (byte)(crc >> 16);
        s[^2] = (byte)(crc >> 8);
        s[^1] = (byte)crc;
        return s;
    }

    private sealed class PmtHistory : ITsDemuxHandler
    {
        public List<(int Version, int? Previous)> Changes { get; } = [];

        public ProgramMap? First { get; private set; }

        public void OnPmt(ProgramMap pmt, ProgramMap? previous)
        {
            First ??= pmt;
            Changes.Add((pmt.Version, previous?.Version));
        }
    }
}
