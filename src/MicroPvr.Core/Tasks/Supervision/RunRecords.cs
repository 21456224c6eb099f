using MicroPvr.Core.Catalog;
using MicroPvr.Core.Recording;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Tasks.Supervision;

/// <summary>
/// The catalog rows of the files that runs write (compat spec §2): registered when a recorder
/// started (IsWriting), refreshed every records-checking-period (Stop, size), closed when the
/// recorder stops. The file is the truth (ARCHITECTURE habit 3): sizes come from the disk when it
/// knows more than the recorder's counters, and a catalog failure never stops a recording.
/// </summary>
internal sealed partial class RunRecords
{
    private readonly ICatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RunRecords(ICatalog catalog, TimeProvider time, ILogger logger)
    {
        _catalog = catalog;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<RecordFile?> AddAsync(RecordingTask task, string path, DateTimeOffset start, CancellationToken ct)
    {
        var record = new RecordFile
        {
            TaskId = task.Id,
            ChannelId = task.ChannelId,
            ChannelName = task.ChannelName,
            Path = path,
            RecordLocation = task.RecordLocation,
            Priority = task.Priority,
            Start = start,
            Stop = start,
            IsWriting = true,
            Lifetime = task.Lifetime,
        };
        try
        {
            return await _catalog.AddRecordAsync(record, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCatalogFailed(_logger, path, ex);
            return null;
        }
    }

    /// <summary>Refreshes Stop and size of a file being written.</summary>
    public async ValueTask<RecordFile?> RefreshAsync(RecordFile record, RecordingStatistics? statistics, bool closing, CancellationToken ct)
    {
        var updated = record with
        {
            Stop = StopOf(record, statistics),
            SizeBytes = Math.Max(record.SizeBytes, Math.Max(statistics?.BytesWritten ?? 0, FileLength(record.Path))),
            IsWriting = !closing,
        };
        try
        {
            await _catalog.UpdateRecordAsync(updated, ct);
            if (!closing)
            {
                LogCheckWritingFilesSizes(_logger, updated.Path, updated.SizeBytes, updated.Stop ?? updated.Start);
            }

            return updated;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCatalogFailed(_logger, record.Path, ex);
            return record;
        }
    }

    /// <summary>
    /// At start-up: rows still marked as being written belong to recorders that died with the
    /// previous daemon (crash, kill -9). Close them with what the disk says: size, and the last
    /// write time as the end of the data.
    /// </summary>
    public async ValueTask<int> CloseStaleAsync(CancellationToken ct)
    {
        var closed = 0;
        foreach (var record in await _catalog.GetRecordsAsync(null, ct))
        {
            if (!record.IsWriting)
            {
                continue;
            }

            var stop = record.Stop ?? record.Start;
            if (File.Exists(record.Path))
            {
                var lastWrite = new DateTimeOffset(File.GetLastWriteTimeUtc(record.Path), TimeSpan.Zero);
                var now = _time.GetUtcNow();
                stop = Max(stop, lastWrite < now ? lastWrite : now);
            }

            await _catalog.UpdateRecordAsync(record with
            {
                IsWriting = false,
                Stop = Max(stop, record.Start),
                SizeBytes = Math.Max(record.SizeBytes, FileLength(record.Path)),
            }, ct);
            LogStaleClosed(_logger, record.Path);
            closed++;
        }

        return closed;
    }

    /// <summary>The record locations that hold records in the catalog.</summary>
    public async ValueTask<IReadOnlyCollection<string>> RecordLocationsAsync(CancellationToken ct)
    {
        var locations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in await _catalog.GetRecordsAsync(null, ct))
        {
            locations.Add(record.RecordLocation);
        }

        return locations;
    }

    private DateTimeOffset StopOf(RecordFile record, RecordingStatistics? statistics)
    {
        var stop = statistics?.LastPacketUtc ?? _time.GetUtcNow();
        stop = Max(stop, record.Stop ?? record.Start);
        // Never a negative duration, even when the host clock went backwards.
        return Max(stop, record.Start);
    }

    private static long FileLength(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? info.Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
