using MicroPvr.Core.Recording;
using MicroPvr.Core.Tests.Ingest;
using MicroPvr.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.Core.Tests.Recording;

/// <summary>The durable-sync thread: fsyncs off the receive path, one outstanding request per writer.</summary>
public sealed class DurableSyncQueueTests : IDisposable
{
    private readonly TempDirectory _dir = new("micropvr-sync");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_request_is_run_on_the_sync_thread_and_the_ticket_is_free_again()
    {
        using var queue = new DurableSyncQueue(NullLogger.Instance);
        using var data = File.OpenHandle(_dir.Combine("a.ts"), FileMode.Create, FileAccess.ReadWrite);
        using var index = File.OpenHandle(_dir.Combine("a.ts.idx"), FileMode.Create, FileAccess.ReadWrite);
        var ticket = new DurableSyncQueue.Ticket("a.ts", data, index);

        Assert.True(queue.Request(ticket));
        Assert.True(await CollectingSink.WaitUntilAsync(() => ticket.Completed == 1));
        Assert.True(queue.Request(ticket));
        Assert.True(await CollectingSink.WaitUntilAsync(() => ticket.Completed == 2));
    }

    [Fact]
    public async Task A_closed_file_is_skipped_without_stopping_the_thread()
    {
        using var queue = new DurableSyncQueue(NullLogger.Instance);
        var closed = File.OpenHandle(_dir.Combine("b.ts"), FileMode.Create, FileAccess.ReadWrite);
        closed.Dispose();
        using var index = File.OpenHandle(_dir.Combine("b.ts.idx"), FileMode.Create, FileAccess.ReadWrite);
        var gone = new DurableSyncQueue.Ticket("b.ts", closed, index);
        using var data = File.OpenHandle(_dir.Combine("c.ts"), FileMode.Create, FileAccess.ReadWrite);
        var alive = new DurableSyncQueue.Ticket("c.ts", data, index);

        queue.Request(gone);
        queue.Request(alive);

        Assert.True(await CollectingSink.WaitUntilAsync(() => alive.Completed == 1));
        Assert.True(await CollectingSink.WaitUntilAsync(() => gone.Completed == 1));
    }

    [Fact]
    public async Task A_writer_with_a_sync_queue_hands_its_periodic_forced_flushes_to_it()
    {
        using var queue = new DurableSyncQueue(NullLogger.Instance);
        var output = _dir.Combine("rec.ts");
        var bytes = File.ReadAllBytes(Fixtures.H264Aac);
        var sink = new Forward();
        var stager = new KeyframeStager(sink, TimeProvider.System.TimestampFrequency);
        var options = new RecordWriterOptions { FlushInterval = TimeSpan.Zero, DurableFlushInterval = TimeSpan.Zero };
        using var writer = new RecordWriter(output, "test", stager.PsiPids, options, TimeProvider.System, NullLogger.Instance, durableSync: queue);
        sink.Target = writer;

        stager.Push(bytes, 0, 1_700_000_000_000.0);
        writer.Tick();

        Assert.True(await CollectingSink.WaitUntilAsync(() => writer.BackgroundSyncs > 0));
        Assert.Equal(writer.BytesWritten, new FileInfo(output).Length);
        Assert.True(KeyframeIndexReader.Open(KeyframeIndexFormat.IndexPathFor(output)).Count > 0);
    }

    private sealed class Forward : IRecordOutput
    {
        public RecordWriter? Target { get; set; }

        public void WritePackets(ReadOnlySpan<byte> packets) => Target!.WritePackets(packets);

        public void WriteKeyframe(in KeyframeMark mark, ReadOnlySpan<byte> psi, ReadOnlySpan<byte> packets) => Target!.WriteKeyframe(mark, psi, packets);
    }
}
