namespace MicroPvr.Media.MpegTs.Psi;

/// <summary>The programme association table (ISO/IEC 13818-1 §2.4.4.3, Table 2-30), all sections merged.</summary>
public sealed record ProgramAssociation(int TransportStreamId, int Version, IReadOnlyList<PatProgram> Programs)
{
    /// <summary>Programmes proper: entries with program_number 0 (network PID) left out.</summary>
    public IEnumerable<PatProgram> RealPrograms => Programs.Where(p => p.ProgramNumber != 0);
}
