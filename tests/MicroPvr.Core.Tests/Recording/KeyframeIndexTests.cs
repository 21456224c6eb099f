using System.Buffers.Binary;
using MicroPvr.Core.Recording;
using MicroPvr.TestKit;

namespace MicroPvr.Core.Tests.Recording;

public sealed class KeyframeIndexTests : IDisposable
{
    private readonly TempDirectory _dir = new("micropvr-idx");

    public void Dispose() => _dir.Dispose();

    private string NewPath() => _dir.Combine($"c1_t1_{Guid.NewGuid():N}.ts.idx");

    private static IndexEntry Entry(int i, IndexEntryFlags flags = IndexEntryFlags.None) =>
        new(1_700_000_000_000 + (i * 1000L), 188L * 100 * (i + 1), 900_000 + (i * 90_000L), flags);

    private static void WriteEntries(string path, int count)
    {
        using var writer = KeyframeIndexWriter.Open(path);
        for (var i = 0; i < count; i++)
        {
            writer.Append(Entry(i));
        }

        writer.Flush();
    }

    [Fact]
    public void Header_and_entry_layout_match_the_documented_format()
    {
        var path = NewPath();
        using (var writer = KeyframeIndexWriter.Open(path))
        {
            writer.Append(new IndexEntry(0x0102030405060708, 0x1112131415161718, 0x1_2345_6789, IndexEntryFlags.Gap | IndexEntryFlags.PmtChange));
        }

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(KeyframeIndexFormat.HeaderSize + KeyframeIndexFormat.EntrySize, bytes.Length);
        Assert.Equal("MPVRKIDX"u8.ToArray(), bytes[..8]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(32, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(10)));
        var e = bytes.AsSpan(16);
        Assert.Equal(0x0102030405060708, BinaryPrimitives.ReadInt64LittleEndian(e));
        Assert.Equal(0x1112131415161718, BinaryPrimitives.ReadInt64LittleEndian(e[8..]));
        Assert.Equal(0x1_2345_6789, BinaryPrimitives.ReadInt64LittleEndian(e[16..]));
        Assert.Equal(6, BinaryPrimitives.ReadUInt16LittleEndian(e[24..]));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(e[26..]));
        // CRC-32C check value of "123456789" is 0xE3069283 (RFC 3720 B.4): proves the checksum is the documented one.
        Assert.Equal(0xE3069283u, KeyframeIndexFormat.Crc32C("123456789"u8));
        Assert.Equal(KeyframeIndexFormat.Crc32C(e[..28]), BinaryPrimitives.ReadUInt32LittleEndian(e[28..]));
    }

    [Fact]
    public void Entries_round_trip()
    {
        var path = NewPath();
        WriteEntries(path, 1000);

        var reader = KeyframeIndexReader.Open(path);

        Assert.Equal(1000, reader.Count);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(Entry(i), reader[i]);
        }

        Assert.Equal(0, reader.IgnoredTailBytes);
        Assert.True(reader.HeaderValid);
    }

    [Fact]
    public void Absent_file_is_an_empty_index()
    {
        var reader = KeyframeIndexReader.Open(NewPath());
        Assert.Equal(0, reader.Count);
        Assert.Null(reader.Last);
        Assert.False(reader.TryFindAtOrBefore(long.MaxValue, out _));
    }

    [Fact]
    public void Binary_search_finds_the_entry_at_or_before_a_time()
    {
        var path = NewPath();
        WriteEntries(path, 100);
        var reader = KeyframeIndexReader.Open(path);
        var t0 = Entry(0).UtcMilliseconds;

        Assert.Equal(-1, reader.FindAtOrBefore(t0 - 1));
        Assert.Equal(0, reader.FindAtOrBefore(t0));
        Assert.Equal(0, reader.FindAtOrBefore(t0 + 999));
        Assert.Equal(1, reader.FindAtOrBefore(t0 + 1000));
        Assert.Equal(57, reader.FindAtOrBefore(t0 + 57_500));
        Assert.Equal(99, reader.FindAtOrBefore(t0 + 10_000_000));
        Assert.Equal(58, reader.FindAtOrAfter(t0 + 57_500));
        Assert.Equal(-1, reader.FindAtOrAfter(t0 + 99_001));
        Assert.Equal(3, reader.FindByOffsetAtOrBefore(Entry(3).ByteOffset + 187));
        Assert.True(reader.TryFindAtOrBefore(DateTimeOffset.FromUnixTimeMilliseconds(t0 + 42_000), out var found));
        Assert.Equal(Entry(42), found);
    }

    [Fact]
    public void Refresh_reads_entries_appended_while_the_file_is_being_written()
    {
        var path = NewPath();
        using var writer = KeyframeIndexWriter.Open(path);
        var reader = KeyframeIndexReader.Open(path);
        Assert.Equal(0, reader.Count);

        for (var batch = 0; batch < 5; batch++)
        {
            for (var i = 0; i < 10; i++)
            {
                writer.Append(Entry((batch * 10) + i));
            }

            Assert.Equal(0, reader.Refresh());
            writer.Flush();
            Assert.Equal(10, reader.Refresh());
            Assert.Equal((batch + 1) * 10, reader.Count);
            Assert.Equal(Entry((batch * 10) + 9), reader.Last);
        }
    }

    [Fact]
    public void A_partial_entry_at_the_tail_is_ignored_then_picked_up_when_complete()
    {
        var path = NewPath();
        WriteEntries(path, 3);
        var full = new byte[KeyframeIndexFormat.EntrySize];
        KeyframeIndexFormat.WriteEntry(full, Entry(3));
        using (var fs = new FileStream(path, FileMode.Append))
        {
            fs.Write(full, 0, 20);
        }

        var reader = KeyframeIndexReader.Open(path);
        Assert.Equal(3, reader.Count);
        Assert.Equal(20, reader.IgnoredTailBytes);

        using (var fs = new FileStream(path, FileMode.Append))
        {
            fs.Write(full, 20, 12);
        }

        Assert.Equal(1, reader.Refresh());
        Assert.Equal(Entry(3), reader.Last);
        Assert.Equal(0, reader.IgnoredTailBytes);
    }

    [Fact]
    public void A_corrupt_entry_and_everything_after_it_are_never_trusted()
    {
        var path = NewPath();
        WriteEntries(path, 10);
        var bytes = File.ReadAllBytes(path);
        bytes[KeyframeIndexFormat.HeaderSize + (6 * KeyframeIndexFormat.EntrySize) + 9] ^= 0x40; // flip a bit in entry 6's offset
        File.WriteAllBytes(path, bytes);

        var reader = KeyframeIndexReader.Open(path);

        Assert.Equal(6, reader.Count);
        Assert.Equal(4 * KeyframeIndexFormat.EntrySize, reader.IgnoredTailBytes);
        Assert.Equal(5, reader.FindAtOrBefore(long.MaxValue));
    }

    [Fact]
    public void A_zero_filled_tail_after_power_loss_is_ignored_and_truncated_by_the_writer()
    {
        var path = NewPath();
        WriteEntries(path, 4);
        using (var fs = new FileStream(path, FileMode.Append))
        {
            fs.Write(new byte[4096]);
        }

        var reader = KeyframeIndexReader.Open(path);
        Assert.Equal(4, reader.Count);

        using (var writer = KeyframeIndexWriter.Open(path))
        {
            Assert.Equal(4096, writer.TruncatedBytes);
            Assert.Equal(4, writer.Count);
            Assert.Equal(Entry(3), writer.Last);
            writer.Append(Entry(4));
            writer.Append(Entry(5));
        }

        Assert.Equal(KeyframeIndexFormat.HeaderSize + (6 * KeyframeIndexFormat.EntrySize), new FileInfo(path).Length);
        Assert.Equal(2, reader.Refresh());
        Assert.Equal(6, reader.Count);
        Assert.Equal(0, reader.IgnoredTailBytes);
    }

    [Fact]
    public void Reader_rereads_when_the_file_shrinks_after_a_repair()
    {
        var path = NewPath();
        WriteEntries(path, 8);
        var reader = KeyframeIndexReader.Open(path);
        Assert.Equal(8, reader.Count);

        // Another implementation's crash left 8 entries; a fresh index replaces it with fewer.
        File.Delete(path);
        WriteEntries(path, 2);

        reader.Refresh();
        Assert.Equal(2, reader.Count);
        Assert.Equal(Entry(1), reader.Last);
    }

    [Fact]
    public void Out_of_order_entries_are_refused_by_the_writer_and_the_reader()
    {
        var path = NewPath();
        using (var writer = KeyframeIndexWriter.Open(path))
        {
            writer.Append(Entry(5));
            Assert.Throws<ArgumentException>(() => writer.Append(Entry(4)));
            Assert.Throws<ArgumentException>(() => writer.Append(Entry(5) with { UtcMilliseconds = Entry(5).UtcMilliseconds + 1 }));
        }

        // Hand-append a validly checksummed entry that goes back in time: the reader stops there.
        var back = new byte[KeyframeIndexFormat.EntrySize];
        KeyframeIndexFormat.WriteEntry(back, Entry(6) with { UtcMilliseconds = 1 });
        using (var fs = new FileStream(path, FileMode.Append))
        {
            fs.Write(back);
        }

        var reader = KeyframeIndexReader.Open(path);
        Assert.Equal(1, reader.Count);
        Assert.Equal(KeyframeIndexFormat.EntrySize, reader.IgnoredTailBytes);
    }

    [Fact]
    public void A_foreign_header_is_reported_and_the_writer_starts_afresh()
    {
        var path = NewPath();
        File.WriteAllBytes(path, "this is not an index at all, honestly"u8.ToArray());

        var reader = KeyframeIndexReader.Open(path);
        Assert.False(reader.HeaderValid);
        Assert.Equal(0, reader.Count);

        using (var writer = KeyframeIndexWriter.Open(path))
        {
            Assert.Equal(0, writer.Count);
            writer.Append(Entry(0));
        }

        reader.Refresh();
        Assert.True(reader.HeaderValid);
        Assert.Equal(1, reader.Count);
    }

    [Fact]
    public async Task Lookups_stay_consistent_while_another_thread_appends()
    {
        var path = NewPath();
        const int total = 20_000;
        using var writer = KeyframeIndexWriter.Open(path);
        var reader = KeyframeIndexReader.Open(path);
        var producer = Task.Run(() =>
        {
            for (var i = 0; i < total; i++)
            {
                writer.Append(Entry(i));
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
            while (reader.Count < total && DateTime.UtcNow < deadline)
            {
                reader.Refresh();
            }
        });

        while (!refresher.IsCompleted)
        {
            var count = reader.Count;
            if (count > 0)
            {
                var i = reader.FindAtOrBefore(long.MaxValue);
                Assert.True(i >= count - 1);
                Assert.Equal(Entry(i), reader[i]);
            }
        }

        await producer;
        await refresher;
        Assert.Equal(total, reader.Count);
        Assert.Equal(Entry(total - 1), reader.Last);
    }
}
