namespace MicroPvr.Core.Tasks;

/// <summary>
/// Record file naming of compat spec §2: <c>&lt;record_location&gt;/ch_&lt;channel_id&gt;/c&lt;channel_id&gt;_t&lt;start_unix&gt;_&lt;task_id&gt;.ts</c>.
/// </summary>
public static class RecordFilePath
{
    public static string ChannelDirectory(string recordLocation, int channelId) =>
        Path.Combine(recordLocation, FormattableString.Invariant($"ch_{channelId}"));

    public static string Build(string recordLocation, int channelId, DateTimeOffset start, long taskId) =>
        Path.Combine(
            ChannelDirectory(recordLocation, channelId),
            FormattableString.Invariant($"c{channelId}_t{start.ToUnixTimeSeconds()}_{taskId}.ts"));
}
