namespace MicroPvr.Core.Configuration;

/// <summary>
/// log-facility (compat spec §4) as a syslog facility number 0..23 (RFC 3164 §4.1.1: 16 = local0).
/// The original passed the C constant to openlog(3), where LOG_LOCAL0 is 16 &lt;&lt; 3 = 128, so
/// multiples of 8 up to 184 are taken as that constant.
/// </summary>
public static class SyslogFacility
{
    /// <summary>LOG_DAEMON: what a system daemon uses when no facility is configured.</summary>
    public const int Default = 3;

    /// <summary>The facility number 0..23, or null when the value is neither form.</summary>
    public static int? Normalize(int value) => value switch
    {
        >= 0 and <= 23 => value,
        > 23 and <= 23 * 8 when value % 8 == 0 => value / 8,
        _ => null,
    };
}
