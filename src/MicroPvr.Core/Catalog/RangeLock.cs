namespace MicroPvr.Core.Catalog;

/// <summary>
/// nPVR protection of a channel's time range against deletion (issue 4): no record file of the
/// channel (any copy) that overlaps [From, To) is deleted, neither by lifetime, nor on low space,
/// nor by delete_records / delete_records_days, until the range is unlocked. docs/api.md.
/// </summary>
public sealed record RangeLock
{
    public long Id { get; init; }
    public required int ChannelId { get; init; }
    /// <summary>Start of the protected time (UTC, inclusive).</summary>
    public required DateTimeOffset From { get; init; }
    /// <summary>End of the protected time (UTC, exclusive); after <see cref="From"/>.</summary>
    public required DateTimeOffset To { get; init; }
    /// <summary>Free text from the operator (e.g. the programme or subscriber), may be null.</summary>
    public string? Comment { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// True when the record is of this channel and holds some of the locked time: it starts before
    /// the lock ends and stops after it starts. A file still being written (no stop yet) reaches
    /// to the future; a file whose stop is unknown holds only its start instant.
    /// </summary>
    public bool Protects(RecordFile record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.ChannelId != ChannelId || record.Start >= To)
        {
            return false;
        }

        var stop = record.IsWriting ? DateTimeOffset.MaxValue : record.Stop ?? record.Start;
        return stop > From || (stop == record.Start && record.Start >= From);
    }
}
