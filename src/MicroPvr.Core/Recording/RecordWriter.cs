using MicroPvr.Media.MpegTs;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Recording;

/// <summary>
/// Writes one copy of a recording: the .ts file and its keyframe index (docs/recording-format.md).
/// Data before the first keyframe is dropped, so the file starts with PAT+PMT+keyframe; every
/// keyframe gets PAT+PMT in front and an index entry at that offset. PSI continuity counters are
/// renumbered per file so the inserted tables never break them. Writes go through a large buffer;
/// index entries are written only after the bytes they point at. A write error (disk full,
/// removed disk) is logged (9010), what is on disk stays valid, data is dropped until the next
/// keyframe, and writing resumes there with a Gap flag. Not thread-safe: the ingest hub serialises calls.
/// </summary>
internal sealed partial class RecordWriter : IRecordOutput, IDisposable
{
    private static readonly TimeSpan FaultReminderInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ResumeConfirmation = TimeSpan.FromSeconds(3);
    private readonly RecordWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool[] _psiPids;
    private readonly int[] _psiCc = new int[TsPacket.MaxPid + 1];
    private readonly Stream _data;
    private readonly KeyframeIndexWriter _index;
    private readonly DurableSyncQueue? _durableSync;
    private readonly DurableSyncQueue.Ticket? _syncTicket;
    private readonly byte[] _buffer;
    private int _buffered;
    private long _fileLength;
    private bool _started;
    private bool _failing;
    private bool _faultEpisode;
    private long _lastFaultLog;
    private long? _writingAgainSince;
    private long _resumedAt;
    private long _droppedBytes;
    private IndexEntryFlags _ownFlags;
    private long _lastUtcMs = long.MinValue;
    private long _lastFlush;
    private long _lastDurableFlush;
    private bool _disposed;

    /// <param name="psiPids">Shared table of PAT/PMT PIDs (the stager's), read on every packet.</param>
    /// <param name="openData">Opens the data stream (tests inject failing streams); null = the file.</param>
    /// <param name="durableSync">Where the periodic fsyncs run (off the receive path); null = inline.</param>
    public RecordWriter(string path, string source, bool[] psiPids, RecordWriterOptions options, TimeProvider time, ILogger logger, Func<string, Stream>? openData = null, DurableSyncQueue? durableSync = null)
    {
        Path = path;
        _psiPids = psiPids;
        _options = options;
        _time = time;
        _logger = logger;
        _buffer = GC.AllocateUninitializedArray<byte>(options.BufferBytes);
        Array.Fill(_psiCc, -1);
        var dir = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        _data = openData?.Invoke(path) ?? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 1, FileOptions.None);
        try
        {
            _fileLength = AlignExisting();
            _index = KeyframeIndexWriter.Open(KeyframeIndexFormat.IndexPathFor(path));
        }
        catch
        {
            _data.Dispose();
            throw;
        }

        if (durableSync is not null)
        {
            _durableSync = durableSync;
            _syncTicket = new DurableSyncQueue.Ticket(path, (_data as FileStream)?.SafeFileHandle, _index.Handle);
        }

        if (_index.TruncatedBytes > 0)
        {
            Log.IndexRepaired(_logger, path, _index.TruncatedBytes);
        }

        if (_index.Last is { } last)
        {
            // Appending to an earlier run of the same file: a new run starts here.
            _lastUtcMs = last.UtcMilliseconds;
            _ownFlags = IndexEntryFlags.Discontinuity;
        }

        _lastFlush = _lastDurableFlush = time.GetTimestamp();
        Log.Started(_logger, path, source);
    }

    public string Path { get; }

    /// <summary>Bytes in the file plus bytes buffered for it.</summary>
    public long BytesWritten => _fileLength + _buffered;

    /// <summary>Index entries (keyframes) of the file.</summary>
    public long Keyframes => _index.Count;

    /// <summary>Bytes lost to write errors.</summary>
    public long DroppedBytes => _droppedBytes;

    /// <summary>True while writes fail.</summary>
    public bool IsFailing => _failing;

    public void WritePackets(ReadOnlySpan<byte> packets)
    {
        if (!_started)
        {
            return; // the file must begin with PAT+PMT+keyframe
        }

        if (_failing)
        {
            _droppedBytes += packets.Length;
            return;
        }

        Append(packets);
        FlushIfDue();
    }

    public void WriteKeyframe(in KeyframeMark mark, ReadOnlySpan<byte> psi, ReadOnlySpan<byte> packets)
    {
        if (_failing && !TryRecover())
        {
            _droppedBytes += psi.Length + packets.Length;
            return;
        }

        if (_buffered + psi.Length > _buffer.Length)
        {
            FlushData();
            if (_failing)
            {
                return;
            }
        }

        var offset = _fileLength + _buffered;
        var utc = Math.Max(mark.UtcMilliseconds, _lastUtcMs); // the index never goes back in time
        Append(psi);
        Append(packets);
        if (_failing)
        {
            return;
        }

        _index.Append(new IndexEntry(utc, offset, mark.Pts90k, mark.Flags | _ownFlags));
        _ownFlags = IndexEntryFlags.None;
        _lastUtcMs = utc;
        _started = true;
        FlushIfDue();
    }

    /// <summary>Periodic call (also during source silence) so buffered data reaches the file.</summary>
    public void Tick() => FlushIfDue();

    /// <summary>Writes buffered data, then the index entries that point into it; <paramref name="durable"/> forces both to disk before returning.</summary>
    public void Flush(bool durable) => Flush(durable, background: false);

    /// <summary>Forced flushes that the durable-sync thread will run (0 without one).</summary>
    public long BackgroundSyncs => _syncTicket?.Completed ?? 0;

    /// <param name="background">A durable flush is handed to the durable-sync thread (when there is one) instead of blocking the caller.</param>
    private void Flush(bool durable, bool background)
    {
        FlushData();
        if (_failing)
        {
            return;
        }

        try
        {
            var inline = durable && !(background && _durableSync is not null);
            if (inline)
            {
                (_data as FileStream)?.Flush(flushToDisk: true);
            }

            _index.Flush(inline);
            if (durable && !inline)
            {
                _durableSync!.Request(_syncTicket!);
            }
        }
        catch (IOException e)
        {
            // Entries stay pending in the index writer and are written by the next flush.
            LogWriteFault(_index.Path, e.Message);
            return;
        }

        EndFaultEpisodeWhenStable();
    }

    private void FlushIfDue()
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_lastFlush, now) < _options.FlushInterval)
        {
            return;
        }

        var durable = _time.GetElapsedTime(_lastDurableFlush, now) >= _options.DurableFlushInterval;
        Flush(durable, background: true);
        _lastFlush = now;
        if (durable)
        {
            _lastDurableFlush = now;
        }
    }

    private void Append(ReadOnlySpan<byte> packets)
    {
        while (!packets.IsEmpty && !_failing)
        {
            if (_buffered == _buffer.Length)
            {
                FlushData();
                continue;
            }

            var room = (_buffer.Length - _buffered) / TsPacket.Size * TsPacket.Size;
            var take = Math.Min(room, packets.Length);
            var destination = _buffer.AsSpan(_buffered, take);
            packets[..take].CopyTo(destination);
            RenumberPsi(destination);
            _buffered += take;
            packets = packets[take..];
            if (room == 0)
            {
                FlushData();
            }
        }
    }

    /// <summary>PAT/PMT packets get this file's own continuity counters (ISO/IEC 13818-1 §2.4.3.3).</summary>
    private void RenumberPsi(Span<byte> packets)
    {
        for (var i = 0; i + TsPacket.Size <= packets.Length; i += TsPacket.Size)
        {
            var p = packets.Slice(i, TsPacket.Size);
            var pid = TsPacket.Pid(p);
            if (_psiPids[pid] && TsPacket.HasPayload(p))
            {
                var cc = _psiCc[pid] = (_psiCc[pid] + 1) & 0x0F;
                p[3] = (byte)((p[3] & 0xF0) | cc);
            }
        }
    }

    private void FlushData()
    {
        if (_buffered == 0 || _failing)
        {
            return;
        }

        try
        {
            _data.Position = _fileLength;
            _data.Write(_buffer, 0, _buffered);
            _data.Flush();
            _fileLength += _buffered;
            _buffered = 0;
        }
        catch (IOException e)
        {
            LogWriteFault(Path, e.Message);
            _failing = true;
            _droppedBytes += _buffered;
            _index.DiscardPendingFrom(_fileLength);
            _buffered = 0;
            TryTruncate();
        }
    }

    /// <summary>At a keyframe while failing: cut whatever partial write was left and try again from there.</summary>
    private bool TryRecover()
    {
        if (!TryTruncate())
        {
            return false;
        }

        _failing = false;
        _ownFlags |= IndexEntryFlags.Gap;
        return true;
    }

    /// <summary>
    /// A full disk fails every retry (one per keyframe): the first failure of an episode (data or
    /// index) is logged (9010), then at most one reminder a minute (9024) until flushes of both
    /// succeed again for a few seconds (9011).
    /// </summary>
    private void LogWriteFault(string path, string reason)
    {
        var now = _time.GetTimestamp();
        _writingAgainSince = null;
        if (!_faultEpisode)
        {
            _faultEpisode = true;
            _lastFaultLog = now;
            Log.CannotWrite(_logger, path, reason);
        }
        else if (_time.GetElapsedTime(_lastFaultLog, now) >= FaultReminderInterval)
        {
            _lastFaultLog = now;
            Log.StillCannotWrite(_logger, path, reason, _droppedBytes);
        }
    }

    /// <summary>
    /// On a nearly full disk a write can fit into the space a cut torn write freed, and the next
    /// one fails again: the episode ends (9011) only after flushes kept succeeding for a while.
    /// </summary>
    private void EndFaultEpisodeWhenStable()
    {
        if (!_faultEpisode)
        {
            return;
        }

        var now = _time.GetTimestamp();
        if (_writingAgainSince is not { } since)
        {
            _writingAgainSince = now;
            _resumedAt = _fileLength;
        }
        else if (_time.GetElapsedTime(since, now) >= ResumeConfirmation)
        {
            _faultEpisode = false;
            _writingAgainSince = null;
            Log.Resumed(_logger, Path, _resumedAt, _droppedBytes);
        }
    }

    private bool TryTruncate()
    {
        try
        {
            if (_data.Length != _fileLength)
            {
                _data.SetLength(_fileLength);
            }

            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>An existing file (restart of the same run) is appended to after removing a partial last packet.</summary>
    private long AlignExisting()
    {
        var length = _data.Length;
        var aligned = length / TsPacket.Size * TsPacket.Size;
        if (aligned != length)
        {
            _data.SetLength(aligned);
            Log.PartialPacketRemoved(_logger, Path, length - aligned);
        }

        return aligned;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Flush(durable: true);
        _index.Dispose();
        _data.Dispose();
        Log.Stopped(_logger, Path, _fileLength, _index.Count);
    }
}
