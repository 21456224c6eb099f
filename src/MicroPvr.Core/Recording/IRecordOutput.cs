namespace MicroPvr.Core.Recording;

/// <summary>
/// Where the <see cref="KeyframeStager"/> sends an analysed stream: aligned 188-byte packets, and
/// at every keyframe the PAT+PMT to put in front of it with the packets that start it.
/// Spans are valid only during the call.
/// </summary>
internal interface IRecordOutput
{
    /// <summary>Packets that do not start a keyframe.</summary>
    void WritePackets(ReadOnlySpan<byte> packets);

    /// <summary>A keyframe: write <paramref name="psi"/> (PAT+PMT packets) then <paramref name="packets"/>, and index it.</summary>
    void WriteKeyframe(in KeyframeMark mark, ReadOnlySpan<byte> psi, ReadOnlySpan<byte> packets);
}
