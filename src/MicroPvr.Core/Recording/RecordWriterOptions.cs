namespace MicroPvr.Core.Recording;

/// <summary>Tunables of a record writer (docs/recording-format.md).</summary>
public sealed class RecordWriterOptions
{
    /// <summary>Write buffer: the file is written in sequential chunks of about this size.</summary>
    public int BufferBytes { get; init; } = 1024 * 1024;

    /// <summary>Buffered data and index entries reach the file (page cache) at least this often, so live readers see them.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Data and index are forced to disk (fsync) at least this often; records-checking-period is the upper bound (compat spec §4).</summary>
    public TimeSpan DurableFlushInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often each file being written is re-opened by its path to notice a removed, unmounted or
    /// read-only record location (<see cref="RecordLocationProbe"/>); zero turns the check off.
    /// </summary>
    public TimeSpan LocationCheckInterval { get; init; } = TimeSpan.FromSeconds(2);
}
