namespace MicroPvr.Core.Catalog;

/// <summary>
/// One record file: one run of a task (compat spec §2). The file and its keyframe-index sidecar
/// are the truth; this row is what the catalog knows about them.
/// </summary>
public sealed record RecordFile
{
    public long Id { get; init; }
    public required long TaskId { get; init; }
    public required int ChannelId { get; init; }
    public string? ChannelName { get; init; }
    /// <summary>Full path of the .ts file: &lt;location&gt;/ch_&lt;id&gt;/c&lt;id&gt;_t&lt;start&gt;_&lt;task&gt;.ts</summary>
    public required string Path { get; init; }
    public required string RecordLocation { get; init; }
    public int Priority { get; init; } = 50;
    /// <summary>UTC time of the first byte (from the file name / first index entry).</summary>
    public required DateTimeOffset Start { get; init; }
    /// <summary>UTC time of the last indexed data; grows while the file is being written.</summary>
    public DateTimeOffset? Stop { get; init; }
    /// <summary>True while a recorder still appends to the file.</summary>
    public bool IsWriting { get; init; }
    /// <summary>
    /// Lifetime of a file found on disk whose task is unknown (catalog rebuilt after its task was
    /// cancelled): it never expires and goes only by operator deletion or low-space removal.
    /// </summary>
    public static TimeSpan UnknownLifetime => TimeSpan.MaxValue;

    /// <summary>Lifetime after the end of recording (compat spec §3); <see cref="UnknownLifetime"/> = keep.</summary>
    public TimeSpan Lifetime { get; init; }
    /// <summary>Last time a client read this file (records-block-active-time protection).</summary>
    public DateTimeOffset? LastReadAt { get; init; }
    public long SizeBytes { get; init; }
}
