using MicroPvr.Core.Catalog;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// Which of several records that hold the same time serves it: the lower priority number wins
/// (compat spec §2); among equal copies the older file, which keeps a stream or a live window in
/// the file it is already playing through the overlap of daily files (compat spec §3).
/// </summary>
public static class CopyPreference
{
    /// <summary>Negative when <paramref name="a"/> is preferred to <paramref name="b"/>.</summary>
    public static int Compare(RecordFile a, RecordFile b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var p = a.Priority.CompareTo(b.Priority);
        return p != 0 ? p : a.Start.CompareTo(b.Start);
    }
}
