namespace MicroPvr.Media.MpegTs;

/// <summary>A program_clock_reference read from an adaptation field (ISO/IEC 13818-1 §2.4.3.5).</summary>
/// <param name="Pid">PID that carried it.</param>
/// <param name="Pcr27M">The PCR, 27 MHz (base * 300 + extension), raw: wraps at 2^33 * 300.</param>
/// <param name="ByteOffset">Input-stream offset of the packet's sync byte.</param>
/// <param name="PacketIndex">Index of the packet among delivered packets.</param>
/// <param name="DiscontinuityIndicator">The packet signalled a system time-base discontinuity.</param>
/// <param name="Delta27M">Distance from the previous PCR on this PID (wrap-aware), 0 for the first.</param>
/// <param name="IsJump">Backwards, or more than <see cref="TsDemuxerOptions.PcrJumpThreshold"/> forwards, or signalled: the timeline broke here.</param>
public readonly record struct PcrSample(int Pid, long Pcr27M, long ByteOffset, long PacketIndex, bool DiscontinuityIndicator, long Delta27M, bool IsJump);
