using MicroPvr.Core.Recording;
using MicroPvr.TestKit;

namespace MicroPvr.Core.Tests.Recording;

/// <summary>
/// The in-place reader (memory map, what the delivery cache uses) must answer exactly as the
/// loading reader on real index files written by <see cref="KeyframeIndexWriter"/>: lookups at
/// every kind of time, a torn tail, a corrupt entry mid-file, a file that grows.
/// </summary>
public sealed class KeyframeIndexInPlaceTests : IDisposable
{
    // Above the in-memory tail limit: the index is searched through the map.
    private const int Mapped = KeyframeIndexReader.InPlaceTailLimit * 3 + 17;

    private readonly TempDirectory _dir = new("micropvr-idx-inplace");

    public void Dispose() => _dir.Dispose();

    private string NewPath() => _dir.Combine($"c1_t1_{Guid.NewGuid():N}.ts.idx");

    // Irregular GOPs, repeated times (UTC may stay equal), gap and discontinuity flags.
    private static IndexEntry Entry(int i)
    {
        var utc = 1_700_000_000_000 + (i * 1000L) + (i % 7 == 3 ? -1000 : 0) + (i % 11 * 37);
        var flags = i % 13 == 5 ? IndexEntryFlags.Gap : i % 17 == 9 ? IndexEntryFlags.Discontinuity | IndexEntryFlags.PmtChange : IndexEntryFlags.None;
        return new IndexEntry(utc, 188L * 100 * (i + 1), 900_000 + (i * 90_000L), flags);
    }

    private static IndexEntry[] Entries(int count)
    {
        var list = new IndexEntry[count];
        var last = long.MinValue;
        for (var i = 0; i < count; i++)
        {
            var e = Entry(i);
            e = e with { UtcMilliseconds = Math.Max(e.UtcMilliseconds, last) };
            last = e.UtcMilliseconds;
            list[i] = e;
        }

        return list;
    }

    private static void Write(string path, IEnumerable<IndexEntry> entries)
    {
        using var writer = KeyframeIndexWriter.Open(path);
        foreach (var e in entries)
        {
            writer.Append(e);
        }

        writer.Flush();
    }

    /// <summary>Every lookup of both readers agrees, for every probe time and offset.</summary>
    private static void AssertSameAnswers(KeyframeIndexReader expected, KeyframeIndexReader actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.IgnoredTailBytes, actual.IgnoredTailBytes);
        Assert.Equal(expected.HeaderValid, actual.HeaderValid);
        Assert.Equal(expected.First, actual.First);
        Assert.Equal(expected.Last, actual.Last);
        Assert.Equal(expected.ToArray(), actual.ToArray());
        var probes = new List<long> { long.MinValue, long.MaxValue, 0 };
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            Assert.Equal(e, actual[i]);
            probes.Add(e.UtcMilliseconds);
            probes.Add(e.UtcMilliseconds - 1);
            probes.Add(e.UtcMilliseconds + 1);
        }

        foreach (var t in probes)
        {
            Assert.Equal(expected.FindAtOrBefore(t), actual.FindAtOrBefore(t));
            Assert.Equal(expected.FindAtOrAfter(t), actual.FindAtOrAfter(t));
            Assert.Equal(expected.TryFindAtOrBefore(t, out var a), actual.TryFindAtOrBefore(t, out var b));
            Assert.Equal(a, b);
        }

        for (var i = 0; i < expected.Count; i++)
        {
            var offset = expected[i].ByteOffset;
            foreach (var o in new[] { offset - 1, offset, offset + 1 })
            {
                Assert.Equal(expected.FindByOffsetAtOrBefore(o), actual.FindByOffsetAtOrBefore(o));
            }
        }

        Assert.Equal(expected.FindByOffsetAtOrBefore(long.MaxValue), actual.FindByOffsetAtOrBefore(long.MaxValue));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(100)]
    [InlineData(KeyframeIndexReader.InPlaceTailLimit)]
    [InlineData(KeyframeIndexReader.InPlaceTailLimit + 1)]
    [InlineData(Mapped)]
    public void In_place_lookups_equal_the_loaded_lookups(int count)
    {
        var path = NewPath();
        Write(path, Entries(count));

        var loaded = KeyframeIndexReader.Open(path);
        var inPlace = KeyframeIndexReader.OpenInPlace(path);

        Assert.True(inPlace.InPlace);
        Assert.Equal(count, inPlace.Count);
        Assert.True(inPlace.InMemoryCount <= KeyframeIndexReader.InPlaceTailLimit);
        AssertSameAnswers(loaded, inPlace);
    }

    [Fact]
    public void A_big_index_is_held_in_the_map_not_in_memory()
    {
        var path = NewPath();
        Write(path, Entries(Mapped));

        var inPlace = KeyframeIndexReader.OpenInPlace(path);

        Assert.Equal(0, inPlace.InMemoryCount);
        Assert.Equal(Entries(Mapped)[Mapped / 2], inPlace[Mapped / 2]);
    }

    [Fact]
    public void Gap_and_discontinuity_flags_are_read_from_the_map()
    {
        var path = NewPath();
        var entries = Entries(Mapped);
        Write(path, entries);

        var inPlace = KeyframeIndexReader.OpenInPlace(path);

        Assert.Equal(0, inPlace.InMemoryCount);
        Assert.Equal(IndexEntryFlags.Gap, inPlace[5].Flags);
        Assert.Equal(IndexEntryFlags.Discontinuity | IndexEntryFlags.PmtChange, inPlace[9].Flags);
        Assert.Equal(entries[Mapped - 1], inPlace.Last);
    }

    [Fact]
    public void A_torn_tail_is_not_trusted_until_it_is_complete()
    {
        var path = NewPath();
        var entries = Entries(Mapped + 1);
        Write(path, entries[..Mapped]);
        var next = new byte[KeyframeIndexFormat.EntrySize];
        KeyframeIndexFormat.WriteEntry(next, entries[Mapped]);
        using (var fs = new FileStream(path, FileMode.Append))
        {
            fs.Write(next, 0, 20);
        }

        var inPlace = KeyframeIndexReader.OpenInPlace(path);
        AssertSameAnswers(KeyframeIndexReader.Open(path), inPlace);
        Assert.Equal(Mapped, inPlace.Count);
        Assert.Equal(20, inPlace.IgnoredTailBytes);

        using (var fs = new FileStream(path, FileMode.Append))
        {
            fs.Write(next, 20, 12);
        }

        Assert.Equal(1, inPlace.Refresh());
        Assert.Equal(entries[Mapped], inPlace.Last);
        AssertSameAnswers(KeyframeIndexReader.Open(path), inPlace);
    }

    [Fact]
    public void A_zero_filled_tail_after_a_power_loss_is_ignored()
    {
        var path = NewPath();
        Write(path, Entries(Mapped));
        using (var fs = new FileStream(path, FileMode.Append))
        {
            fs.Write(new byte[8192]);
        }

        var inPlace = KeyframeIndexReader.OpenInPlace(path);

        Assert.Equal(Mapped, inPlace.Count);
        Assert.Equal(8192, inPlace.IgnoredTailBytes);
        AssertSameAnswers(KeyframeIndexReader.Open(path), inPlace);
    }

    [Fact]
    public void A_corrupt_entry_mid_file_ends_the_trusted_part()
    {
        var path = NewPath();
        Write(path, Entries(Mapped));
        const int bad = KeyframeIndexReader.InPlaceTailLimit + 500;
        var bytes = File.ReadAllBytes(path);
        bytes[KeyframeIndexFormat.HeaderSize + (bad * KeyframeIndexFormat.EntrySize) + 3] ^= 0x08; // a bit of its UTC
        File.WriteAllBytes(path, bytes);

        var inPlace = KeyframeIndexReader.OpenInPlace(path);

        Assert.Equal(bad, inPlace.Count);
        Assert.Equal(bad - 1, inPlace.FindAtOrBefore(long.MaxValue));
        Assert.Equal(-1, inPlace.FindAtOrAfter(Entries(Mapped)[bad].UtcMilliseconds + 1));
        Assert.Equal((Mapped - bad) * (long)KeyframeIndexFormat.EntrySize, inPlace.IgnoredTailBytes);
        AssertSameAnswers(KeyframeIndexReader.Open(path), inPlace);
    }

    [Fact]
    public void A_growing_file_is_seen_after_each_append_across_remaps()
    {
        var path = NewPath();
        var entries = Entries(Mapped);
        using var writer = KeyframeIndexWriter.Open(path);
        var inPlace = KeyframeIndexReader.OpenInPlace(path);
        Assert.Equal(0, inPlace.Count);

        var written = 0;
        var batch = 1;
        while (written < entries.Length)
        {
            var n = Math.Min(batch, entries.Length - written);
            for (var i = 0; i < n; i++)
            {
                writer.Append(entries[written + i]);
            }

            writer.Flush();
            written += n;
            Assert.Equal(n, inPlace.Refresh());
            Assert.Equal(written, inPlace.Count);
            Assert.Equal(entries[written - 1], inPlace.Last);
            Assert.True(inPlace.InMemoryCount <= KeyframeIndexReader.InPlaceTailLimit);
            Assert.Equal(written - 1, inPlace.FindAtOrBefore(long.MaxValue));
            batch = batch * 3 / 2 + 1;
        }

        AssertSameAnswers(KeyframeIndexReader.Open(path), inPlace);
        Assert.True(inPlace.InMemoryCount < KeyframeIndexReader.InPlaceTailLimit);
    }

    [Fact]
    public void A_deleted_index_stays_readable_by_a_reader_that_holds_it()
    {
        // Retention deletes a record while a stream still holds its reader: the mapping keeps
        // the data until the reader is dropped; a refresh sees nothing new.
        var path = NewPath();
        var entries = Entries(Mapped);
        Write(path, entries);
        var inPlace = KeyframeIndexReader.OpenInPlace(path);

        File.Delete(path);

        Assert.Equal(0, inPlace.Refresh());
        Assert.Equal(Mapped, inPlace.Count);
        Assert.Equal(entries[Mapped - 1], inPlace[Mapped - 1]);
        Assert.Equal(Mapped / 2, inPlace.FindByOffsetAtOrBefore(entries[Mapped / 2].ByteOffset));
    }

    [Fact]
    public void A_replaced_shorter_index_is_read_again()
    {
        var path = NewPath();
        Write(path, Entries(Mapped));
        var inPlace = KeyframeIndexReader.OpenInPlace(path);
        Assert.Equal(Mapped, inPlace.Count);

        File.Delete(path);
        Write(path, Entries(3));

        inPlace.Refresh();
        Assert.Equal(3, inPlace.Count);
        AssertSameAnswers(KeyframeIndexReader.Open(path), inPlace);
    }

    [Fact]
    public void A_foreign_file_is_an_empty_index()
    {
        var path = NewPath();
        File.WriteAllBytes(path, new byte[4096]);

        var inPlace = KeyframeIndexReader.OpenInPlace(path);

        Assert.False(inPlace.HeaderValid);
        Assert.Equal(0, inPlace.Count);
        Assert.Equal(-1, inPlace.FindAtOrBefore(long.MaxValue));
        Assert.Null(inPlace.Last);
    }

    [Fact]
    public async Task Lookups_stay_consistent_while_another_thread_appends_and_remaps()
    {
        var path = NewPath();
        var entries = Entries(20_000);
        using var writer = KeyframeIndexWriter.Open(path);
        var reader = KeyframeIndexReader.OpenInPlace(path);
        var producer = Task.Run(() =>
        {
            for (var i = 0; i < entries.Length; i++)
            {
                writer.Append(entries[i]);
                if (i % 97 == 0)
                {
                    writer.Flush();
                }
            }

            writer.Flush();
        });

        var deadline = DateTime.UtcNow.AddSeconds(60);
        var refresher = Task.Run(() =>
        {
            while (reader.Count < entries.Length && DateTime.UtcNow < deadline)
            {
                reader.Refresh();
            }
        });

        while (!refresher.IsCompleted)
        {
            var count = reader.Count;
            if (count > 0)
            {
                var i = reader.FindByOffsetAtOrBefore(long.MaxValue);
                Assert.True(i >= count - 1);
                Assert.Equal(entries[i], reader[i]);
                Assert.Equal(entries[count / 2], reader[count / 2]);
            }
        }

        await producer;
        await refresher;
        Assert.Equal(entries.Length, reader.Count);
        AssertSameAnswers(KeyframeIndexReader.Open(path), reader);
    }
}
