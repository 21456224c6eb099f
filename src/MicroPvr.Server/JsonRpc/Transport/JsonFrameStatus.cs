namespace MicroPvr.Server.JsonRpc.Transport;

/// <summary>What <see cref="JsonValueFramer"/> found in the bytes received so far.</summary>
public enum JsonFrameStatus
{
    /// <summary>Only whitespace so far.</summary>
    Empty,
    /// <summary>A value has started but is not complete yet.</summary>
    NeedMore,
    /// <summary>One complete value was found.</summary>
    Complete,
    /// <summary>The bytes can never become JSON (mismatched brackets, too deep): the stream cannot be resynchronised.</summary>
    Invalid,
}
