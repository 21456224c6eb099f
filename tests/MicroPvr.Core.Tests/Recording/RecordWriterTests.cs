using MicroPvr.Core.Recording;
using MicroPvr.Media.MpegTs;
using MicroPvr.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.Core.Tests.Recording;

public sealed class RecordWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new("micropvr-writer");

    public void Dispose() => _dir.Dispose();

    /// <summary>Feeds a file through a stager into a writer as if it was received at 4 Mbit/s.</summary>
    internal static void Record(string fixture, string output, int chunk, Func<string, Stream>? openData = null, Action<RecordWriter, int>? everyChunk = null)
    {
        var bytes = File.ReadAllBytes(fixture);
        var sink = new ForwardingOutput();
        var stager = new KeyframeStager(sink, TimeProvider.System.TimestampFrequency);
        using var writer = new RecordWriter(output, "file://" + fixture, stager.PsiPids, new RecordWriterOptions(), TimeProvider.System, NullLogger.Instance, openData);
        sink.Target = writer;
        var utc = 1_700_000_000_000.0;
        for (int i = 0, n = 0; i < bytes.Length; i += chunk, n++)
        {
            var c = bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i));
            utc += c.Length * 8 / 4000.0;
            stager.Push(c, 0, utc);
            everyChunk?.Invoke(writer, n);
        }

        stager.Complete();
    }

    [Theory]
    [InlineData("h264_aac.ts", true)]
    [InlineData("h265_ac3.ts", true)]
    [InlineData("mpeg2_mp2.ts", true)]
    [InlineData("radio_aac.ts", false)]
    [InlineData("multi_program.ts", true)]
    public async Task Every_index_entry_points_at_pat_pmt_and_the_keyframe_whose_pts_it_holds(string fixture, bool video)
    {
        var output = _dir.Combine(fixture);

        Record(Path.Combine(Fixtures.Directory, fixture), output, 1316);

        var entries = RecordingAssertions.AssertIndexPointsAtKeyframes(output);
        await RecordingAssertions.AssertFfprobeAgreesAsync(output, entries, video);
        Assert.Equal(video ? IndexEntryFlags.None : IndexEntryFlags.AudioOnly, entries[0].Flags);
        for (var i = 1; i < entries.Length; i++)
        {
            Assert.True(entries[i].UtcMilliseconds >= entries[i - 1].UtcMilliseconds);
        }
    }

    [Fact]
    public void The_output_does_not_depend_on_how_the_input_was_chunked()
    {
        byte[]? reference = null;
        foreach (var chunk in new[] { 1, 188, 1316, 4096 })
        {
            var output = _dir.Combine($"chunk{chunk}.ts");
            Record(Fixtures.H264Aac, output, chunk);
            var bytes = File.ReadAllBytes(output);
            reference ??= bytes;
            Assert.Equal(reference, bytes);
        }
    }

    [Fact]
    public void Errors_fixture_is_recorded_without_crashing_and_stays_consistent()
    {
        var output = _dir.Combine("errors.ts");

        Record(Fixtures.Errors, output, 1316);

        RecordingAssertions.AssertIndexPointsAtKeyframes(output);
    }

    [Fact]
    public void A_disk_write_error_loses_only_the_failed_data_and_writing_resumes_at_a_keyframe_with_a_gap()
    {
        var output = _dir.Combine("failing.ts");
        FailingStream? failing = null;

        Record(Fixtures.H264Aac, output, 1316, path => failing = new FailingStream(path), (writer, n) =>
        {
            if (n == 40)
            {
                writer.Flush(durable: true); // the first keyframes are safely on disk
            }
            else if (n == 80)
            {
                failing!.Fail = true;
                writer.Flush(durable: false); // the buffered data hits the failing disk now
                Assert.True(writer.IsFailing);
            }
            else if (n == 120)
            {
                failing!.Fail = false;
            }
        });

        var entries = RecordingAssertions.AssertIndexPointsAtKeyframes(output);
        Assert.Equal(IndexEntryFlags.None, entries[0].Flags);
        Assert.Single(entries, e => (e.Flags & IndexEntryFlags.Gap) != 0);
    }

    [Fact]
    public void Appending_to_an_existing_record_marks_a_discontinuity_and_removes_a_partial_packet()
    {
        var output = _dir.Combine("append.ts");
        Record(Fixtures.H264Aac, output, 1316);
        var firstRun = KeyframeIndexReader.OpenForRecord(output).Count;
        using (var f = new FileStream(output, FileMode.Append))
        {
            f.Write(new byte[100]); // a crash left half a packet
        }

        Record(Fixtures.H264Aac, output, 1316);

        var entries = RecordingAssertions.AssertIndexPointsAtKeyframes(output);
        Assert.Equal(2 * firstRun, entries.Length);
        Assert.Equal(IndexEntryFlags.Discontinuity, entries[firstRun].Flags);
    }

    /// <summary>The stager writes to one writer (the hub's fan-out in production).</summary>
    private sealed class ForwardingOutput : IRecordOutput
    {
        public IRecordOutput? Target { get; set; }

        public void WritePackets(ReadOnlySpan<byte> packets) => Target!.WritePackets(packets);

        public void WriteKeyframe(in KeyframeMark mark, ReadOnlySpan<byte> psi, ReadOnlySpan<byte> packets) => Target!.WriteKeyframe(mark, psi, packets);
    }

    /// <summary>A file stream that throws like a full disk while <see cref="Fail"/> is set, after writing part of the data.</summary>
    private sealed class FailingStream(string path) : FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read)
    {
        public bool Fail { get; set; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Fail)
            {
                base.Write(buffer, offset, Math.Min(count, 1000)); // a torn write
                base.Flush();
                throw new IOException("No space left on device");
            }

            base.Write(buffer, offset, count);
        }
    }
}
