using System.Collections.Concurrent;
using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Storage;

/// <summary>
/// Record locations, their mount points and space (compat spec §2, §3). Deletions are in
/// StorageManager.Deletion.cs, link-dir symlinks in StorageManager.Links.cs; the paced expiry and
/// low-space loop is <see cref="RetentionWorker"/>.
/// </summary>
public sealed partial class StorageManager : IStorageManager
{
    private const long MiB = 1024 * 1024;

    private readonly ICatalog _catalog;
    private readonly IFreeSpaceProbe _probe;
    private readonly Func<MountTable> _mountSource;
    private readonly Func<MicroPvrOptions> _options;
    private readonly ILogger<StorageManager> _logger;
    private readonly ConcurrentDictionary<string, string> _locationMounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _nicknames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _knownMounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _reservedMiB = new(StringComparer.Ordinal);
    private readonly Lock _spaceLock = new();

    public StorageManager(
        ICatalog catalog,
        IFreeSpaceProbe probe,
        Func<MicroPvrOptions> options,
        ILogger<StorageManager> logger,
        Func<MountTable>? mountSource = null)
    {
        _catalog = catalog;
        _probe = probe;
        _options = options;
        _logger = logger;
        _mountSource = mountSource ?? MountTable.ReadSystem;
    }

    public string GetDirectoryNickname(string recordLocation) => DirectoryNickname.Compute(recordLocation);

    public void RegisterLocation(string recordLocation)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordLocation);
        if (!_locationMounts.ContainsKey(recordLocation))
        {
            // A new location may sit on a file system mounted since the last look: re-read the table.
            var mount = _mountSource().Find(recordLocation);
            if (_locationMounts.TryAdd(recordLocation, mount))
            {
                _nicknames[DirectoryNickname.Compute(recordLocation)] = recordLocation;
                if (_knownMounts.TryAdd(mount, 0))
                {
                    LogMountPointAdded(_logger, mount, recordLocation);
                }

                LogLocationRegistered(_logger, recordLocation, mount, DirectoryNickname.Compute(recordLocation));
            }
        }

        EnsureLink(recordLocation);
    }

    /// <summary>Registers every location the catalog knows (tasks and records).</summary>
    public async ValueTask RefreshLocationsAsync(CancellationToken ct = default)
    {
        foreach (var location in await _catalog.GetRecordLocationsAsync(ct).ConfigureAwait(false))
        {
            RegisterLocation(location);
        }
    }

    /// <summary>The mount point of a location (registering it when new).</summary>
    public string MountOf(string recordLocation)
    {
        if (_locationMounts.TryGetValue(recordLocation, out var mount))
        {
            return mount;
        }

        RegisterLocation(recordLocation);
        return _locationMounts[recordLocation];
    }

    /// <summary>Real free space of a mount point in MiB, or null when it cannot be read (log 6115).</summary>
    public long? TryGetFreeMiB(string mountPoint)
    {
        try
        {
            return _probe.GetAvailableBytes(mountPoint) / MiB;
        }
        catch (IOException ex)
        {
            LogFreeSpaceUnreadable(_logger, mountPoint, ex.Message);
            return null;
        }
    }

    public IReadOnlyList<MountPointInfo> GetMountPoints()
    {
        var result = new List<MountPointInfo>();
        foreach (var group in _locationMounts.GroupBy(p => p.Value, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var free = TryGetFreeMiB(group.Key) ?? 0;
            var reserved = ReservedMiB(group.Key);
            var locations = group.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
            result.Add(new MountPointInfo(group.Key, free, reserved, Math.Max(0, free - reserved), locations));
        }

        return result;
    }

    public SpaceAdmission AdmitRecording(string recordLocation)
    {
        var mount = MountOf(recordLocation);
        var options = _options();
        if (!options.RecorderCheckFreeSpace)
        {
            // compat spec §3: reservations and the minimum apply only with recorder-check-free-space.
            return new SpaceAdmission(true, "", mount, -1, ReservedMiB(mount), 0, null);
        }

        lock (_spaceLock)
        {
            var reserved = _reservedMiB.GetValueOrDefault(mount);
            var reserve = Math.Max(0, options.RecordsDefaultReserveSizeMiB);
            if (TryGetFreeMiB(mount) is not { } free)
            {
                return Refuse(recordLocation, mount, -1, reserved, $"free space of {mount} cannot be read");
            }

            if (free - reserved - reserve < options.RecordsMinFreeSpaceMiB)
            {
                return Refuse(recordLocation, mount, free, reserved, FormattableString.Invariant(
                    $"free {free} MiB - reserved {reserved} MiB - reserve {reserve} MiB is below records-min-free-space {options.RecordsMinFreeSpaceMiB} MiB on {mount}"));
            }

            _reservedMiB[mount] = reserved + reserve;
            LogSpaceReserved(_logger, reserve, mount, recordLocation, reserved + reserve);
            return new SpaceAdmission(true, "", mount, free, reserved + reserve, reserve, () => Release(mount, reserve, recordLocation));
        }
    }

    private SpaceAdmission Refuse(string location, string mount, long free, long reserved, string reason)
    {
        LogNoFreeSpace(_logger, location, reason);
        return new SpaceAdmission(false, reason, mount, free, reserved, 0, null);
    }

    private void Release(string mount, long reserve, string location)
    {
        long left;
        lock (_spaceLock)
        {
            left = Math.Max(0, _reservedMiB.GetValueOrDefault(mount) - reserve);
            _reservedMiB[mount] = left;
        }

        LogSpaceReleased(_logger, reserve, mount, location, left);
    }

    private long ReservedMiB(string mount)
    {
        lock (_spaceLock)
        {
            return _reservedMiB.GetValueOrDefault(mount);
        }
    }
}
