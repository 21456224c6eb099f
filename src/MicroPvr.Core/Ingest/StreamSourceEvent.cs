namespace MicroPvr.Core.Ingest;

/// <summary>Source-level events that become index flags in the recording.</summary>
public enum StreamSourceEvent
{
    /// <summary>The source (re)connected or restarted: the timeline may not continue (Discontinuity flag).</summary>
    Restarted = 1,
    /// <summary>No data for longer than the silence timeout: a gap (Gap flag on the next index entry).</summary>
    Silence = 2,
    /// <summary>Data flows again after a silence.</summary>
    Resumed = 3,
}
