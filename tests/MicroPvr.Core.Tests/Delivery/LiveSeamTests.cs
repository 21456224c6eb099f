using MicroPvr.Core.Delivery;
using MicroPvr.Core.Recording;

namespace MicroPvr.Core.Tests.Delivery;

/// <summary>
/// <see cref="LiveSeam"/>: leaving a record that is still written for the next run of its task
/// that records the same ingest beside it, at a keyframe not sent yet, at the same frame.
/// </summary>
public sealed class LiveSeamTests : IDisposable
{
    private readonly ArchiveFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Inside_the_overlap_the_stream_stops_at_the_next_keyframe_and_continues_at_the_same_frame()
    {
        var old = _f.AddRecord(5, 1000, 60, writing: true);
        var next = _f.AddRecord(5, 1040, 20, writing: true);
        var oldIndex = _f.Indexes.Get(old);
        var nextIndex = _f.Indexes.Get(next);

        // Mid-way through GOP 25 of the old file (1050.2 s): the next keyframe is GOP 26 (1052.2 s).
        var (limit, seam) = LiveSeam.Plan(oldIndex, nextIndex, next, (25 * ArchiveFixture.BytesPerGop) + 188);

        Assert.Equal(26 * ArchiveFixture.BytesPerGop, limit);
        Assert.NotNull(seam);
        Assert.Same(next, seam.Record);
        Assert.Equal(oldIndex[26].Pts90k, seam.First.Pts90k);
        Assert.Equal(6, seam.FirstEntry);
        Assert.True(seam.Discontinuity);

        // Exactly at a keyframe not sent yet: that one.
        (limit, seam) = LiveSeam.Plan(oldIndex, nextIndex, next, 26 * ArchiveFixture.BytesPerGop);
        Assert.Equal(26 * ArchiveFixture.BytesPerGop, limit);
        Assert.Equal(oldIndex[26].Pts90k, seam!.First.Pts90k);
    }

    [Fact]
    public void Before_the_next_run_began_the_stream_goes_on_through_the_current_gop()
    {
        var old = _f.AddRecord(5, 1000, 60, writing: true);
        var next = _f.AddRecord(5, 1040, 20, writing: true);

        var (limit, seam) = LiveSeam.Plan(_f.Indexes.Get(old), _f.Indexes.Get(next), next, (5 * ArchiveFixture.BytesPerGop) + 188);

        Assert.Null(seam);
        Assert.Equal(7 * ArchiveFixture.BytesPerGop, limit);
    }

    [Fact]
    public void It_waits_when_the_next_keyframe_is_not_indexed_yet_in_either_file()
    {
        var old = _f.AddRecord(5, 1000, 60, writing: true);
        var shortNext = _f.AddRecord(5, 1040, 6, writing: true, location: "ssd");
        var oldIndex = _f.Indexes.Get(old);
        var last = oldIndex.Count - 1;

        // Past the last indexed keyframe of the current file: read nothing more until the next one is indexed.
        var beyond = (last * ArchiveFixture.BytesPerGop) + 188;
        Assert.Equal((beyond, (ArchiveSpan?)null), LiveSeam.Plan(oldIndex, _f.Indexes.Get(shortNext), shortNext, beyond));

        // The next file's index has not reached the keyframe yet: stop before it.
        var (limit, seam) = LiveSeam.Plan(oldIndex, _f.Indexes.Get(shortNext), shortNext, (25 * ArchiveFixture.BytesPerGop) + 188);
        Assert.Null(seam);
        Assert.Equal(26 * ArchiveFixture.BytesPerGop, limit);
    }

    [Fact]
    public void A_record_read_while_growing_is_read_again_once_finished()
    {
        var record = _f.AddRecord(5, 1000, 10, writing: true);
        Assert.Equal(5, _f.Indexes.Get(record).Count);
        using (var writer = KeyframeIndexWriter.Open(MicroPvr.Core.Recording.KeyframeIndexFormat.IndexPathFor(record.Path)))
        {
            writer.Append(new IndexEntry(1_010_200, 5 * ArchiveFixture.BytesPerGop, ArchiveFixture.Pts(1_010_200), IndexEntryFlags.None));
            writer.Flush();
        }

        // No time has passed (the live refresh interval would hide the new entry), but the
        // record is now finished: its final index must be read.
        Assert.Equal(6, _f.Indexes.Get(record with { IsWriting = false }).Count);
    }
}
