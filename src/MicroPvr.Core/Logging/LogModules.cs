namespace MicroPvr.Core.Logging;

/// <summary>
/// The MODULE word of a log line, from the first digit of the 4-digit code (compat spec §7).
/// Names follow the original where it has them (TASK MANAGER, RECORDER MANAGER, RECORDS MANAGER).
/// </summary>
public static class LogModules
{
    public static string Of(int code) => (code / 1000) switch
    {
        1 => "MAIN",
        2 => "API",
        3 => "DATABASE",
        4 => "TASK MANAGER",
        5 => "RECORDER MANAGER",
        6 => "RECORDS MANAGER",
        7 => "DELIVERY",
        8 => "CONTROL",
        9 => "RECORDER",
        _ => "MAIN",
    };

    public static bool IsValidCode(int code) => code is >= 1000 and <= 9999;

    /// <summary>9xxx messages also go to the recorder log when it is enabled (compat spec §4).</summary>
    public static bool IsRecorderCode(int code) => code / 1000 == 9;
}
