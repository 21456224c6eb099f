namespace MicroPvr.Core.Delivery;

/// <summary>
/// Resolves (channel, time) to (file, byte offset) at the keyframe at or before the time, in the
/// highest-priority copy that covers it (compat spec §2), or a forced priority. Used by
/// get_file_and_offset and every HTTP delivery URL.
/// </summary>
public interface IArchiveLocator
{
    ValueTask<ArchivePosition?> LocateAsync(int channelId, DateTimeOffset at, int? priority = null, CancellationToken ct = default);
}
