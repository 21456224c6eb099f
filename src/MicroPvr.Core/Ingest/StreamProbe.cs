using System.Globalization;
using System.Text;
using MicroPvr.Media.MpegTs;
using MicroPvr.Media.Time;

namespace MicroPvr.Core.Ingest;

/// <summary>
/// Describes a stream (`micropvr probe`): programmes, PIDs, codecs, bitrate, keyframe interval and
/// errors, from a file or from a few seconds of a live source. The first thing an operator runs when
/// a channel misbehaves.
/// </summary>
public sealed class StreamProbe : IStreamSink, ITsDemuxHandler
{
    private readonly TsDemuxer _demuxer;
    private readonly Dictionary<int, (long Count, long FirstPts, long LastPts)> _keyframes = [];
    private long _firstPcr = -1;
    private long _pcrSpan27M;
    private long _lastPcr = -1;
    private int _pcrPid = -1;
    private long _bytes;
    private long _restarts;

    public StreamProbe()
    {
        _demuxer = new TsDemuxer(this);
    }

    /// <summary>Probes a whole file (as fast as it can be read).</summary>
    public static string ProbeFile(string path)
    {
        var probe = new StreamProbe();
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 20, FileOptions.SequentialScan))
        {
            var buffer = new byte[1 << 20];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                probe.OnData(buffer.AsSpan(0, read), 0);
            }
        }

        probe._demuxer.Flush();
        return probe.Format(path, seconds: probe._pcrSpan27M / (double)MpegClock.Hz27M);
    }

    /// <summary>Receives a live source for <paramref name="duration"/> and describes what came.</summary>
    public static async Task<string> ProbeSourceAsync(IStreamSource source, TimeSpan duration, TimeProvider time, CancellationToken ct)
    {
        var probe = new StreamProbe();
        var sink = new LockedSink(probe);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(duration);
        var started = time.GetTimestamp();
        try
        {
            await source.RunAsync(sink, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }

        lock (sink)
        {
            probe._demuxer.Flush();
            return probe.Format(source.Url, time.GetElapsedTime(started).TotalSeconds);
        }
    }

    public void OnData(ReadOnlySpan<byte> data, long receivedTimestamp)
    {
        _bytes += data.Length;
        _demuxer.Push(data, receivedTimestamp);
    }

    public void OnSourceEvent(StreamSourceEvent sourceEvent)
    {
        if (sourceEvent == StreamSourceEvent.Restarted)
        {
            _restarts++;
        }
    }

    void ITsDemuxHandler.OnRandomAccessPoint(in RandomAccessPoint point)
    {
        var k = _keyframes.TryGetValue(point.Pid, out var v) ? v : (Count: 0L, FirstPts: point.Pts90k, LastPts: point.Pts90k);
        _keyframes[point.Pid] = (k.Count + 1, k.FirstPts, point.Pts90k);
    }

    void ITsDemuxHandler.OnPcr(in PcrSample pcr)
    {
        if (_pcrPid < 0)
        {
            _pcrPid = pcr.Pid;
        }

        if (pcr.Pid != _pcrPid)
        {
            return;
        }

        if (_lastPcr >= 0 && !pcr.IsJump)
        {
            _pcrSpan27M += MpegClock.DeltaPcr(_lastPcr, pcr.Pcr27M);
        }

        _firstPcr = _firstPcr < 0 ? pcr.Pcr27M : _firstPcr;
        _lastPcr = pcr.Pcr27M;
    }

    private string Format(string name, double seconds)
    {
        var ic = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(ic, $"source: {name}\n");
        sb.Append(ic, $"duration: {seconds:F2} s  bytes: {_bytes}  bitrate: {(seconds > 0 ? _bytes * 8 / seconds / 1e6 : 0):F3} Mbit/s  packet size: {_demuxer.PacketStride}\n");
        if (_demuxer.Pat is null)
        {
            sb.Append("no PAT found: not an MPEG-TS stream, or no data\n");
        }
        else
        {
            sb.Append(ic, $"transport stream id {_demuxer.Pat.TransportStreamId}, PAT version {_demuxer.Pat.Version}\n");
            foreach (var program in _demuxer.Pat.Programs)
            {
                if (program.ProgramNumber == 0)
                {
                    continue;
                }

                var pmt = _demuxer.GetPmt(program.ProgramNumber);
                sb.Append(ic, $"programme {program.ProgramNumber}: PMT PID 0x{program.PmtPid:X4}");
                if (pmt is null)
                {
                    sb.Append(" (PMT not received)\n");
                    continue;
                }

                sb.Append(ic, $", PCR PID 0x{pmt.PcrPid:X4}, PMT version {pmt.Version}\n");
                foreach (var s in pmt.Streams)
                {
                    var stats = _demuxer.GetStatistics(s.Pid);
                    var rate = stats is null || seconds <= 0 ? 0 : stats.Bytes * 8 / seconds / 1e6;
                    sb.Append(ic, $"  PID 0x{s.Pid:X4}  {s.Kind,-8} {s.CodecName,-14} type 0x{s.StreamType:X2}{(s.Language is { } l ? $" [{l}]" : string.Empty)}  {rate:F3} Mbit/s");
                    if (_keyframes.TryGetValue(s.Pid, out var k) && k.Count > 0)
                    {
                        var interval = k.Count > 1 ? MpegClock.Delta33(k.FirstPts, k.LastPts) / (double)MpegClock.Hz90k / (k.Count - 1) : 0;
                        sb.Append(ic, $"  keyframes {k.Count}{(interval > 0 ? $" (every {interval:F2} s)" : string.Empty)}");
                    }

                    if (stats is { ContinuityErrors: > 0 } || stats is { ScrambledPackets: > 0 })
                    {
                        sb.Append(ic, $"  cc-errors {stats.ContinuityErrors}  scrambled {stats.ScrambledPackets}");
                    }

                    sb.Append('\n');
                }
            }
        }

        sb.Append(ic, $"errors: cc {_demuxer.ContinuityErrors}, transport {_demuxer.TransportErrors}, sync losses {_demuxer.SyncLosses}, psi {_demuxer.PsiErrors}, garbage bytes {_demuxer.GarbageBytes}");
        if (_restarts > 0)
        {
            sb.Append(ic, $", source restarts {_restarts}");
        }

        sb.Append('\n');
        return sb.ToString();
    }

    /// <summary>Sources call from their own thread; the final report is read under the same lock.</summary>
    private sealed class LockedSink(StreamProbe probe) : IStreamSink
    {
        public void OnData(ReadOnlySpan<byte> data, long receivedTimestamp)
        {
            lock (this)
            {
                probe.OnData(data, receivedTimestamp);
            }
        }

        public void OnSourceEvent(StreamSourceEvent sourceEvent)
        {
            lock (this)
            {
                probe.OnSourceEvent(sourceEvent);
            }
        }
    }
}
