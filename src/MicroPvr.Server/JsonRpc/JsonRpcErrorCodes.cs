namespace MicroPvr.Server.JsonRpc;

/// <summary>
/// Error codes of the API: the JSON-RPC 2.0 standard codes and the product codes of compat spec §5.
/// Codes from -32000 to -32099 are ours (JSON-RPC 2.0 §5.1 "server error" range).
/// </summary>
public static class JsonRpcErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;

    /// <summary>A service the method needs is not running in this daemon.</summary>
    public const int ServiceUnavailable = -32000;
    /// <summary>json-rpc-token is set and the request carries no or a wrong token.</summary>
    public const int Unauthorized = -32001;
    /// <summary>The request exceeds json-rpc-max-request-size.</summary>
    public const int RequestTooLarge = -32002;
    /// <summary>The request did not complete within json-rpc-request-timeout.</summary>
    public const int RequestTimeout = -32003;

    // Product codes (compat spec §5).
    public const int NoParams = 100;
    public const int InvalidArgument = 101;
    public const int RepeatPeriodTooShort = 140;
    public const int EndTimePassed = 141;
    public const int NotFound = 200;
    public const int ConfigReadError = 201;
    public const int ConfigBackupFailed = 220;
    public const int ConfigWriteFailed = 221;
    public const int ConfigApplyFailedRestored = 222;
    public const int ConfigApplyFailedNotRestored = 223;
}
