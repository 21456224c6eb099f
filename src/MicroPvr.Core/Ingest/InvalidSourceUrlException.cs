namespace MicroPvr.Core.Ingest;

/// <summary>A `stream_source` URL that no source understands (log code 9004). Bad configuration, hence an exception.</summary>
public sealed class InvalidSourceUrlException : Exception
{
    public InvalidSourceUrlException(string url, string reason)
        : base($"invalid source URL '{url}': {reason}")
    {
        Url = url;
        Reason = reason;
    }

    public InvalidSourceUrlException()
    {
        Url = string.Empty;
        Reason = string.Empty;
    }

    public InvalidSourceUrlException(string message, Exception innerException)
        : base(message, innerException)
    {
        Url = string.Empty;
        Reason = message;
    }

    public string Url { get; }

    public string Reason { get; }
}
