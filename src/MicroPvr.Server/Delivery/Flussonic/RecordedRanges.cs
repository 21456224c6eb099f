using MicroPvr.Core.Catalog;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Recording;

namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary>
/// The recorded ranges of a channel (recording_status.json, compat spec §11): every record's
/// indexed time, split where the recorder marked a gap in its index, merged across records and
/// copies (the 80-second overlap of daily files and a second copy are one range), clipped to
/// the asked window. A hole between records or a marked gap stays visible as a hole.
/// </summary>
internal static class RecordedRanges
{
    /// <summary>Ranges closer than this are one (keyframe timing jitter at a record switch).</summary>
    private const long JoinToleranceMs = 1_000;

    public static List<RecordedRange> Compute(IEnumerable<(RecordFile Record, KeyframeIndexReader Index)> records, long fromMs, long toMs)
    {
        ArgumentNullException.ThrowIfNull(records);
        var pieces = new List<RecordedRange>();
        foreach (var (record, index) in records)
        {
            AddRecord(pieces, record, index, fromMs, toMs);
        }

        pieces.Sort((a, b) => a.FromMs.CompareTo(b.FromMs));
        var merged = new List<RecordedRange>(pieces.Count);
        foreach (var p in pieces)
        {
            if (merged.Count > 0 && p.FromMs <= merged[^1].ToMs + JoinToleranceMs)
            {
                var last = merged[^1];
                merged[^1] = last with { ToMs = Math.Max(last.ToMs, p.ToMs) };
            }
            else
            {
                merged.Add(p);
            }
        }

        for (var i = 0; i < merged.Count; i++)
        {
            merged[i] = new RecordedRange(Math.Max(merged[i].FromMs, fromMs), Math.Min(merged[i].ToMs, toMs));
        }

        merged.RemoveAll(r => r.ToMs <= r.FromMs);
        return merged;
    }

    private static void AddRecord(List<RecordedRange> into, RecordFile record, KeyframeIndexReader index, long fromMs, long toMs)
    {
        var count = index.Count;
        if (count == 0)
        {
            return;
        }

        // Start at the piece that holds fromMs: the entry at or before it (or the first).
        var first = Math.Max(0, index.FindAtOrBefore(fromMs));
        var pieceStart = index[first].UtcMilliseconds;
        for (var i = first + 1; i < count; i++)
        {
            var e = index[i];
            if ((e.Flags & IndexEntryFlags.Gap) != 0)
            {
                // Nothing was received between the previous keyframe's GOP and this one.
                into.Add(new RecordedRange(pieceStart, index[i - 1].UtcMilliseconds + RecordSeam.GopMilliseconds(index, i - 1)));
                pieceStart = e.UtcMilliseconds;
            }

            if (e.UtcMilliseconds > toMs)
            {
                into.Add(new RecordedRange(pieceStart, e.UtcMilliseconds));
                return;
            }
        }

        // The record's data ends at its stop when the catalog knows a later one, else one GOP
        // after its last keyframe (the frames of that GOP were written too).
        var lastMs = index[count - 1].UtcMilliseconds;
        var stopMs = record.Stop?.ToUnixTimeMilliseconds() ?? 0;
        var endMs = stopMs > lastMs ? stopMs : lastMs + RecordSeam.GopMilliseconds(index, count - 1);
        into.Add(new RecordedRange(pieceStart, endMs));
    }
}
