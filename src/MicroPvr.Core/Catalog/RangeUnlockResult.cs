namespace MicroPvr.Core.Catalog;

/// <summary>What unlocking a time range did to the channel's locks.</summary>
/// <param name="Removed">Locks entirely inside the range, deleted.</param>
/// <param name="Trimmed">Locks that overlapped one end of the range, shortened.</param>
/// <param name="Split">Locks that spanned the whole range, cut in two (the hole is unlocked).</param>
public readonly record struct RangeUnlockResult(int Removed, int Trimmed, int Split)
{
    public int Changed => Removed + Trimmed + Split;
}
