using MicroPvr.Core.Catalog;
using MicroPvr.Core.Storage;

namespace MicroPvr.Core.Delivery;

/// <summary>
/// Directory nicknames of compat spec §2 both ways: a record location → its 8-hex-digit
/// nickname (the storage manager's hash), and a nickname in a /pvr/&lt;nickname&gt;/ URL → the one
/// record location it names. Only locations the catalog knows (named by a task or a record) can
/// be reached, which is what confines direct access to record directories.
/// </summary>
public sealed class RecordDirectories
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);

    private readonly ICatalog _catalog;
    private readonly IStorageManager _storage;
    private readonly TimeProvider _time;
    private volatile Snapshot? _snapshot;

    public RecordDirectories(ICatalog catalog, IStorageManager storage, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(time);
        _catalog = catalog;
        _storage = storage;
        _time = time;
    }

    /// <summary>The nickname of a record location.</summary>
    public string NicknameOf(string recordLocation) => _storage.GetDirectoryNickname(recordLocation);

    /// <summary>The record location a nickname names, or null (unknown nicknames are a 404).</summary>
    public async ValueTask<string?> ResolveAsync(string nickname, CancellationToken ct = default)
    {
        var snapshot = _snapshot;
        var now = _time.GetUtcNow();
        if (snapshot is null || now - snapshot.Taken > CacheLifetime || !snapshot.Map.ContainsKey(nickname))
        {
            // A miss re-reads the catalog at once: a task created a second ago must be reachable.
            if (snapshot is null || now - snapshot.Taken > TimeSpan.FromMilliseconds(250))
            {
                snapshot = await LoadAsync(now, ct);
                _snapshot = snapshot;
            }
        }

        return snapshot.Map.GetValueOrDefault(nickname);
    }

    private async ValueTask<Snapshot> LoadAsync(DateTimeOffset now, CancellationToken ct)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var location in await _catalog.GetRecordLocationsAsync(ct))
        {
            map.TryAdd(_storage.GetDirectoryNickname(location), location);
        }

        return new Snapshot(now, map);
    }

    private sealed record Snapshot(DateTimeOffset Taken, Dictionary<string, string> Map);
}
