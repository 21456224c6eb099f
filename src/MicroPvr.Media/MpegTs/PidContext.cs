using MicroPvr.Media.Codecs;
using MicroPvr.Media.MpegTs.Psi;

namespace MicroPvr.Media.MpegTs;

/// <summary>Per-PID demuxer state. Created on the first packet of a PID; everything inside is reused.</summary>
internal sealed class PidContext
{
    public PidContext(int pid)
    {
        Pid = pid;
        Statistics = new StreamStatistics(pid);
    }

    public int Pid { get; }

    public StreamStatistics Statistics { get; }

    public PidRole Role;
    public int ProgramNumber;

    // Continuity (§2.4.3.3).
    public int LastCc = -1;
    public bool LastWasDuplicate;

    // PSI.
    public SectionAssembler? Sections;

    // PES.
    public ElementaryStreamInfo? Stream;
    public bool AudioOnlyProgram;
    public StartCodeDetector? Detector;
    public byte[]? Header;
    public int HeaderLength;
    public int HeaderNeeded;
    public bool InPes;
    public bool HeaderDone;
    public bool Decided;
    public long PesByteOffset;
    public long PesPacketIndex;
    public bool PesRai;
    public long Pts;
    public long Dts;

    // PCR and bitrate.
    public long LastPcr = -1;
    public long LastPcrTimestamp;
    public long WindowStartPackets;
    public long WindowStartClock = -1;
}
