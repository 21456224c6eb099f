using System.Diagnostics;
using MicroPvr.Core.Recording;
using MicroPvr.Core.Tasks;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Catalog;

/// <summary>
/// Rebuilds the records table from the files (ARCHITECTURE habit 3: files are the truth). Each
/// `&lt;root&gt;/ch_&lt;id&gt;/c&lt;id&gt;_t&lt;start&gt;_&lt;task&gt;.ts` becomes one row keyed on its path: start from the
/// name, stop from the last entry of its `.ts.idx` sidecar (file mtime when there is none), task
/// values (lifetime, priority, name) from the task row. Rows whose file is gone are removed. Running
/// it twice changes nothing the second time. docs/storage.md "Catalog rebuild".
/// </summary>
public sealed partial class CatalogRebuilder
{
    private const int DefaultPriority = 50;

    private readonly ICatalog _catalog;
    private readonly ILogger<CatalogRebuilder> _logger;

    public CatalogRebuilder(ICatalog catalog, ILogger<CatalogRebuilder> logger)
    {
        _catalog = catalog;
        _logger = logger;
    }

    /// <summary>
    /// The directories to scan: every record location named by a task or a record, every target of
    /// a symlink in the link dir (records-link-dir, compat spec §2), and <paramref name="extraRoots"/>.
    /// </summary>
    public async ValueTask<IReadOnlyList<string>> ResolveScanRootsAsync(string? linkDir, IEnumerable<string>? extraRoots = null, CancellationToken ct = default)
    {
        var roots = new List<string>(await _catalog.GetRecordLocationsAsync(ct).ConfigureAwait(false));
        if (!string.IsNullOrEmpty(linkDir) && Directory.Exists(linkDir))
        {
            foreach (var entry in new DirectoryInfo(linkDir).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is { } target)
                {
                    roots.Add(Path.GetFullPath(target, Path.GetFullPath(linkDir)));
                }
            }
        }

        roots.AddRange(extraRoots ?? []);
        // One scan per real directory: "/hdd/pvr" and "/hdd/pvr/" (or a symlink to it) are the same.
        return roots.DistinctBy(RealPath, StringComparer.Ordinal).ToList();
    }

    /// <param name="scanRoots">Record locations to scan (see <see cref="ResolveScanRootsAsync"/>).</param>
    /// <param name="recordersRunning">
    /// False at daemon start-up: no file can be being written, so stale writing flags are cleared.
    /// True for an on-demand rebuild beside a running daemon: rows flagged as being written keep their flag.
    /// </param>
    public async ValueTask<CatalogRebuildReport> RebuildAsync(IReadOnlyList<string> scanRoots, bool recordersRunning, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scanRoots);
        var clock = Stopwatch.StartNew();
        LogStarted(_logger, string.Join(", ", scanRoots));
        var existing = (await _catalog.GetRecordsAsync(null, ct).ConfigureAwait(false)).ToDictionary(r => r.Path, StringComparer.Ordinal);
        var tasks = (await _catalog.GetTasksAsync(ct).ConfigureAwait(false)).ToDictionary(t => t.Id);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int scanned = 0, added = 0, updated = 0, unchanged = 0;
        foreach (var root in scanRoots)
        {
            foreach (var (path, channelId, start, taskId) in EnumerateRecordFiles(root))
            {
                ct.ThrowIfCancellationRequested();
                if (!seen.Add(path))
                {
                    continue;
                }

                scanned++;
                var old = existing.GetValueOrDefault(path);
                var row = Describe(root, path, channelId, start, taskId, tasks.GetValueOrDefault(taskId), old, recordersRunning);
                if (row is null || row == old)
                {
                    unchanged += row is null ? 0 : 1;
                    continue;
                }

                await _catalog.AddRecordAsync(row, ct).ConfigureAwait(false);
                if (old is null)
                {
                    added++;
                    if (row.Lifetime == RecordFile.UnknownLifetime)
                    {
                        LogAdoptedWithoutTask(_logger, path, taskId);
                    }
                }
                else
                {
                    updated++;
                }
            }
        }

        var removed = await RemoveOrphansAsync(existing.Values, seen, recordersRunning, ct).ConfigureAwait(false);
        var report = new CatalogRebuildReport(scanRoots, scanned, added, updated, unchanged, removed, clock.Elapsed);
        LogFinished(_logger, scanned, added, updated, unchanged, removed, (long)clock.Elapsed.TotalMilliseconds);
        return report;
    }

    private static RecordFile? Describe(string root, string path, int channelId, DateTimeOffset start, long taskId, RecordingTask? task, RecordFile? old, bool recordersRunning)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists)
            {
                return null; // deleted between listing and now
            }
        }
        catch (IOException)
        {
            return null;
        }

        var writing = recordersRunning && old is { IsWriting: true };
        var stop = TruncateToMs(ReadIndexStop(path) ?? info.LastWriteTimeUtc);
        if (stop < start)
        {
            stop = start; // a clock that was behind the name's start: never a negative duration
        }

        if (writing && old!.Stop is { } oldStop && oldStop > stop)
        {
            stop = oldStop;
        }

        // The location string as the task gave it keeps the link-dir nickname stable (compat spec §2).
        var location = task is not null && SameDirectory(task.RecordLocation, root) ? task.RecordLocation : old?.RecordLocation ?? root;
        return new RecordFile
        {
            Id = old?.Id ?? 0,
            TaskId = taskId,
            ChannelId = channelId,
            ChannelName = task?.ChannelName ?? old?.ChannelName,
            Path = path,
            RecordLocation = location,
            Priority = task?.Priority ?? old?.Priority ?? DefaultPriority,
            Start = start,
            Stop = stop,
            IsWriting = writing,
            Lifetime = task?.Lifetime ?? old?.Lifetime ?? RecordFile.UnknownLifetime,
            LastReadAt = old?.LastReadAt,
            SizeBytes = info.Length,
        };
    }

    private async ValueTask<int> RemoveOrphansAsync(IEnumerable<RecordFile> rows, HashSet<string> seen, bool recordersRunning, CancellationToken ct)
    {
        var removed = 0;
        var missingLocations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (seen.Contains(row.Path) || File.Exists(row.Path) || (recordersRunning && row.IsWriting))
            {
                continue;
            }

            if (!Directory.Exists(row.RecordLocation))
            {
                // An unmounted disk is not a deleted archive: keep its rows until it is back.
                if (missingLocations.Add(row.RecordLocation))
                {
                    LogLocationMissing(_logger, row.RecordLocation);
                }

                continue;
            }

            await _catalog.DeleteRecordAsync(row.Id, ct).ConfigureAwait(false);
            removed++;
        }

        return removed;
    }

    private IEnumerable<(string Path, int ChannelId, DateTimeOffset Start, long TaskId)> EnumerateRecordFiles(string root)
    {
        if (!Directory.Exists(root))
        {
            LogLocationMissing(_logger, root);
            yield break;
        }

        foreach (var channelDir in SafeEnumerate(() => Directory.EnumerateDirectories(root, "ch_*")))
        {
            foreach (var path in SafeEnumerate(() => Directory.EnumerateFiles(channelDir, "c*_t*_*.ts")))
            {
                var name = Path.GetFileName(path);
                if (RecordFileName.TryParse(name, out var channelId, out var start, out var taskId)
                    && Path.GetFileName(channelDir) == $"ch_{channelId}")
                {
                    yield return (Path.Combine(root, $"ch_{channelId}", name), channelId, start, taskId);
                }
                else
                {
                    LogSkipped(_logger, path);
                }
            }
        }
    }

    private static List<string> SafeEnumerate(Func<IEnumerable<string>> list)
    {
        try
        {
            return list().ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static DateTimeOffset? ReadIndexStop(string recordPath)
    {
        try
        {
            return KeyframeIndexReader.OpenForRecord(recordPath).Last?.Utc;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static DateTimeOffset TruncateToMs(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    private static bool SameDirectory(string a, string b) => string.Equals(RealPath(a), RealPath(b), StringComparison.Ordinal);

    private static string RealPath(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        try
        {
            return new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }
}
