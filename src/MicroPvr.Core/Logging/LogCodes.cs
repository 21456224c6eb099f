namespace MicroPvr.Core.Logging;

/// <summary>Codes the logging system itself writes (compat spec §7: 14xx system).</summary>
public static class LogCodes
{
    /// <summary>A framework (Microsoft.*, System.*) message, Warning and above (Information at level 6).</summary>
    public const int Framework = 1400;
    /// <summary>A message of ours logged without an event id: every message should have its code.</summary>
    public const int Uncoded = 1401;
    /// <summary>Messages were dropped because the log outputs could not keep up.</summary>
    public const int MessagesDropped = 1402;
}
