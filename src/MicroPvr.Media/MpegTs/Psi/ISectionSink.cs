namespace MicroPvr.Media.MpegTs.Psi;

/// <summary>Receives complete, CRC-checked PSI sections (valid only during the call).</summary>
internal interface ISectionSink
{
    void OnSection(ReadOnlySpan<byte> section);
}
