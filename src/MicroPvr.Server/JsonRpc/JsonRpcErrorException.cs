namespace MicroPvr.Server.JsonRpc;

/// <summary>
/// Raised by a method handler to answer with a JSON-RPC error object. The dispatcher turns it into
/// the error response; it never escapes the API layer.
/// </summary>
public sealed class JsonRpcErrorException : Exception
{
    public JsonRpcErrorException()
    {
    }

    public JsonRpcErrorException(string message)
        : base(message)
    {
        Code = JsonRpcErrorCodes.InternalError;
    }

    public JsonRpcErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = JsonRpcErrorCodes.InternalError;
    }

    public JsonRpcErrorException(int code, string message)
        : base(message)
    {
        Code = code;
    }

    public int Code { get; }
}
