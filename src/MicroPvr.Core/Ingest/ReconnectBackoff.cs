namespace MicroPvr.Core.Ingest;

/// <summary>Exponential back-off between reconnections, reset once data flows again.</summary>
internal sealed class ReconnectBackoff(IngestOptions options)
{
    private TimeSpan _next = options.ReconnectDelayMin;

    /// <summary>The delay to wait now; the following one doubles (up to the maximum).</summary>
    public TimeSpan Next()
    {
        var delay = _next;
        var doubled = _next * 2;
        _next = doubled > options.ReconnectDelayMax ? options.ReconnectDelayMax : doubled;
        return delay;
    }

    /// <summary>The connection worked: start again from the minimum.</summary>
    public void Reset() => _next = options.ReconnectDelayMin;
}
