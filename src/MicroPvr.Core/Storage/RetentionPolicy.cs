using MicroPvr.Core.Catalog;

namespace MicroPvr.Core.Storage;

/// <summary>
/// When a record may be deleted (compat spec §3). A file expires when its lifetime after the end of
/// recording has passed. A file that was read at least once is "active": it is kept until
/// records-block-active-time after its expiry, and also until that long after its last read (a file
/// still being watched after the block time is not pulled away from its viewer). docs/storage.md.
/// </summary>
public static class RetentionPolicy
{
    /// <summary>End of recording + lifetime; null while writing or for a file of unknown lifetime.</summary>
    public static DateTimeOffset? ExpiresAt(RecordFile record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.IsWriting || record.Lifetime == RecordFile.UnknownLifetime)
        {
            return null;
        }

        var end = record.Stop ?? record.Start;
        return record.Lifetime >= DateTimeOffset.MaxValue - end ? null : end + record.Lifetime;
    }

    /// <summary>When the file may be deleted (the LOCK TIME of the state log); null = not by lifetime.</summary>
    public static DateTimeOffset? DeletableAt(RecordFile record, TimeSpan blockActiveTime)
    {
        if (ExpiresAt(record) is not { } expiry)
        {
            return null;
        }

        if (record.LastReadAt is not { } lastRead)
        {
            return expiry;
        }

        var byExpiry = expiry + blockActiveTime;
        var byRead = lastRead + blockActiveTime;
        return byExpiry > byRead ? byExpiry : byRead;
    }

    /// <summary>True when the lifetime has passed but the active protection still holds.</summary>
    public static bool IsProtected(RecordFile record, DateTimeOffset now, TimeSpan blockActiveTime) =>
        ExpiresAt(record) is { } expiry && now >= expiry && DeletableAt(record, blockActiveTime) is { } at && now < at;
}
