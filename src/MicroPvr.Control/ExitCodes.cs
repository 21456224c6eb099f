namespace MicroPvr.Control;

/// <summary>Exit codes scripts can rely on (docs/api.md, micropvr_control section).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The daemon answered with an error object; its code is printed.</summary>
    public const int ApiError = 1;
    /// <summary>Bad command line.</summary>
    public const int Usage = 2;
    /// <summary>The daemon is unreachable, refused the connection, closed it without answering, or timed out.</summary>
    public const int Unreachable = 3;
    /// <summary>The daemon answered something that is not a JSON-RPC response.</summary>
    public const int BadAnswer = 4;
    /// <summary>A destructive call was not confirmed.</summary>
    public const int NotConfirmed = 5;
}
