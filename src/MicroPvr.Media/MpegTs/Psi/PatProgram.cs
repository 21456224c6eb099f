namespace MicroPvr.Media.MpegTs.Psi;

/// <summary>One PAT entry: a programme and the PID of its PMT (program_number 0 points at the NIT).</summary>
public readonly record struct PatProgram(int ProgramNumber, int PmtPid);
