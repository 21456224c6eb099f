using MicroPvr.Media.MpegTs;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Ingest.FileReplay;

/// <summary>
/// `file:///path.ts[?loop=1]`: replays a recording in real time, paced by its PCR (sent when the
/// clock reaches each PCR). With loop, the file restarts forever and <see cref="TsLoopRewriter"/>
/// makes the output one continuous live stream: the demo channel and many tests use it.
/// </summary>
public sealed class FileStreamSource : IStreamSource
{
    private const int MaxBurstBytes = 64 * 1024;

    private readonly FileSourceAddress _address;
    private readonly IngestOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public FileStreamSource(string url, FileSourceAddress address, IngestOptions options, TimeProvider time, ILogger logger)
    {
        Url = url;
        _address = address;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public string Url { get; }

    /// <summary>Completed passes over the file.</summary>
    public long Loops { get; private set; }

    public async Task RunAsync(IStreamSink sink, CancellationToken ct)
    {
        var backoff = new ReconnectBackoff(_options);
        while (!ct.IsCancellationRequested)
        {
            FileStream stream;
            TsFileTimeline? timeline;
            try
            {
                stream = new FileStream(_address.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
                timeline = TsFileTimeline.Scan(stream);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var delay = backoff.Next();
                IngestLog.OpenFailed(_logger, Url, e.Message, delay.TotalSeconds);
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                continue;
            }

            await using (stream.ConfigureAwait(false))
            {
                if (timeline is null)
                {
                    var delay = backoff.Next();
                    IngestLog.OpenFailed(_logger, Url, "no MPEG-TS packets with PCR to pace the replay by", delay.TotalSeconds);
                    await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                    continue;
                }

                IngestLog.Opened(_logger, Url, _address.Loop ? "file, looping" : "file, once");
                await ReplayAsync(stream, timeline, sink, ct).ConfigureAwait(false);
                if (!_address.Loop)
                {
                    IngestLog.EndOfSource(_logger, Url);
                    return;
                }
            }
        }

        ct.ThrowIfCancellationRequested();
    }

    private async Task ReplayAsync(FileStream stream, TsFileTimeline timeline, IStreamSink sink, CancellationToken ct)
    {
        var state = new ReplayState(new TsLoopRewriter(timeline), new TsPacketAligner(stream), new byte[MaxBurstBytes], _time.GetTimestamp());
        while (true)
        {
            stream.Position = timeline.FirstPacketOffset;
            state.Aligner.Reset();
            TimeSpan wait;
            while ((wait = Advance(state, sink)) >= TimeSpan.Zero)
            {
                ct.ThrowIfCancellationRequested();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, ct).ConfigureAwait(false);
                }
            }

            state.Pending = Send(state.Output, state.Pending, sink);
            Loops++;
            if (!_address.Loop)
            {
                return;
            }

            state.Rewriter.StartNextLoop();
            IngestLog.FileLooped(_logger, Url, state.Rewriter.Loop, state.Rewriter.Shift90k);
        }
    }

    /// <summary>
    /// Moves packets to the output until one carrying a PCR is not yet due: sends what came
    /// before it and returns how long to wait (the due packet stays pending). Negative at the end
    /// of the file.
    /// </summary>
    private TimeSpan Advance(ReplayState state, IStreamSink sink)
    {
        while (state.Aligner.TryReadPacket(out var packet))
        {
            var elapsed27M = state.Rewriter.Rewrite(packet);
            if (state.Pending + TsPacket.Size > state.Output.Length)
            {
                state.Pending = Send(state.Output, state.Pending, sink);
            }

            if (elapsed27M >= 0)
            {
                var due = TimeSpan.FromTicks(elapsed27M * 10 / 27); // 27 MHz to 100 ns ticks
                var wait = due - _time.GetElapsedTime(state.Start);
                if (wait > TimeSpan.Zero)
                {
                    state.Pending = Send(state.Output, state.Pending, sink);
                    packet.CopyTo(state.Output);
                    state.Pending = TsPacket.Size;
                    return wait;
                }
            }

            packet.CopyTo(state.Output.AsSpan(state.Pending));
            state.Pending += TsPacket.Size;
        }

        return TimeSpan.FromTicks(-1);
    }

    private int Send(byte[] output, int pending, IStreamSink sink)
    {
        if (pending > 0)
        {
            sink.OnData(output.AsSpan(0, pending), _time.GetTimestamp());
        }

        return 0;
    }

    private sealed class ReplayState(TsLoopRewriter rewriter, TsPacketAligner aligner, byte[] output, long start)
    {
        public TsLoopRewriter Rewriter { get; } = rewriter;

        public TsPacketAligner Aligner { get; } = aligner;

        public byte[] Output { get; } = output;

        public long Start { get; } = start;

        public int Pending { get; set; }
    }
}
