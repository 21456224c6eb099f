namespace MicroPvr.Media.MpegTs;

/// <summary>What the demuxer does with a PID's payload.</summary>
internal enum PidRole
{
    Unknown = 0,
    Pat,
    Pmt,
    Pes,
}
