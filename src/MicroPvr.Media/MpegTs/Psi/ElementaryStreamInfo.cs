namespace MicroPvr.Media.MpegTs.Psi;

/// <summary>One elementary stream of a PMT (ISO/IEC 13818-1 §2.4.4.9, Table 2-33).</summary>
/// <param name="Pid">elementary_PID.</param>
/// <param name="StreamType">stream_type as in the PMT (Table 2-34).</param>
/// <param name="Codec">Codec resolved from stream_type and descriptors.</param>
/// <param name="Language">ISO 639 language code from descriptor 0x0A, if any.</param>
public sealed record ElementaryStreamInfo(int Pid, int StreamType, StreamCodec Codec, string? Language)
{
    public StreamKind Kind => StreamCodecs.KindOf(Codec);

    /// <summary>Human-readable codec name for `micropvr probe`.</summary>
    public string CodecName => StreamCodecs.DisplayName(Codec, StreamType);
}
