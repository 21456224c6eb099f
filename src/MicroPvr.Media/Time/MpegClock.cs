namespace MicroPvr.Media.Time;

/// <summary>
/// The MPEG system clocks (ISO/IEC 13818-1 §2.4.2.1): PTS/DTS count a 90 kHz clock in 33 bits;
/// PCR counts 27 MHz as base (33 bits, 90 kHz) * 300 + extension (9 bits, 0..299).
/// </summary>
public static class MpegClock
{
    /// <summary>Ticks per second of PTS, DTS and the PCR base.</summary>
    public const long Hz90k = 90_000;

    /// <summary>Ticks per second of the full PCR (system_clock_frequency).</summary>
    public const long Hz27M = 27_000_000;

    /// <summary>2^33: PTS, DTS and PCR base wrap here (about 26.5 hours).</summary>
    public const long Wrap33 = 1L << 33;

    /// <summary>Mask of the 33 significant bits.</summary>
    public const long Mask33 = Wrap33 - 1;

    /// <summary>The 27 MHz PCR wraps when its base wraps: 2^33 * 300.</summary>
    public const long PcrWrap = Wrap33 * 300;

    /// <summary>Signed distance from <paramref name="from"/> to <paramref name="to"/> on the 33-bit circle, in (-2^32, 2^32].</summary>
    public static long Delta33(long from, long to)
    {
        var d = (to - from) & Mask33;
        return d > (Wrap33 >> 1) ? d - Wrap33 : d;
    }

    /// <summary>Signed distance between two 27 MHz PCR values on their wrap circle.</summary>
    public static long DeltaPcr(long from, long to)
    {
        var d = (to - from) % PcrWrap;
        if (d < 0)
        {
            d += PcrWrap;
        }

        return d > PcrWrap / 2 ? d - PcrWrap : d;
    }

    /// <summary>Adds ticks to a 33-bit time stamp, wrapping as the stream would.</summary>
    public static long Add33(long value, long ticks90k) => (value + ticks90k) & Mask33;

    /// <summary>Adds 27 MHz ticks to a PCR value, wrapping at 2^33 * 300.</summary>
    public static long AddPcr(long pcr27M, long ticks27M)
    {
        var v = (pcr27M + ticks27M) % PcrWrap;
        return v < 0 ? v + PcrWrap : v;
    }

    public static TimeSpan ToTimeSpan90k(long ticks90k) => TimeSpan.FromTicks(ticks90k * (TimeSpan.TicksPerSecond / 10_000) / 9);
}
