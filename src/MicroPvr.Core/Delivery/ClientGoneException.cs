namespace MicroPvr.Core.Delivery;

/// <summary>A stream's client is gone (its connection was reset): the stream ends.</summary>
public sealed class ClientGoneException : IOException
{
    public ClientGoneException()
        : base("the client is gone")
    {
    }

    public ClientGoneException(string message)
        : base(message)
    {
    }

    public ClientGoneException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
