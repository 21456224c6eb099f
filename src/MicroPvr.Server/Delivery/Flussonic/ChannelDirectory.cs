using MicroPvr.Core.Catalog;

namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary>
/// Resolves the CHANNEL part of a player URL (compat spec §11): a channel_id in decimal, or a
/// channel_name as given to create_new_task (the catalog keeps it on tasks and records). A
/// channel is known when a task or a record names it. Names match exactly first, then ignoring
/// case when only one channel matches; a name shared by two channel ids resolves to the lower id.
/// The catalog is read at most every few seconds; a miss re-reads it at once (rate-limited) so a
/// task created a second ago is reachable.
/// </summary>
internal sealed class ChannelDirectory : IDisposable
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MissReloadInterval = TimeSpan.FromMilliseconds(250);

    private readonly ICatalog _catalog;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _snapshot;

    public ChannelDirectory(ICatalog catalog, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(time);
        _catalog = catalog;
        _time = time;
    }

    /// <summary>The channel named by <paramref name="text"/> (id or name), or null when unknown.</summary>
    public async ValueTask<PlayerChannel?> ResolveAsync(string text, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var snapshot = await CurrentAsync(ct);
        var found = Find(snapshot, text);
        if (found is null && _time.GetUtcNow() - snapshot.Taken >= MissReloadInterval)
        {
            found = Find(await ReloadAsync(ct), text);
        }

        return found;
    }

    public void Dispose() => _loading.Dispose();

    /// <summary>Every known channel, by id.</summary>
    public async ValueTask<IReadOnlyList<PlayerChannel>> ListAsync(CancellationToken ct = default) => (await CurrentAsync(ct)).Channels;

    private static PlayerChannel? Find(Snapshot snapshot, string text)
    {
        if (QueryValues.TryPathNumber(text, out var id) && id <= int.MaxValue && snapshot.ById.TryGetValue((int)id, out var byId))
        {
            return byId;
        }

        if (snapshot.ByName.TryGetValue(text, out var exact))
        {
            return exact;
        }

        return snapshot.ByNameIgnoreCase.TryGetValue(text, out var loose) ? loose : null;
    }

    private async ValueTask<Snapshot> CurrentAsync(CancellationToken ct)
    {
        var snapshot = _snapshot;
        return snapshot is not null && _time.GetUtcNow() - snapshot.Taken < CacheLifetime ? snapshot : await ReloadAsync(ct);
    }

    private async ValueTask<Snapshot> ReloadAsync(CancellationToken ct)
    {
        var before = _snapshot;
        await _loading.WaitAsync(ct);
        try
        {
            // Another request reloaded while we waited: use its result.
            if (_snapshot is { } current && !ReferenceEquals(current, before))
            {
                return current;
            }

            var loaded = await LoadAsync(ct);
            _snapshot = loaded;
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async ValueTask<Snapshot> LoadAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var names = new Dictionary<int, (string? Name, DateTimeOffset At)>();
        var firsts = new Dictionary<int, DateTimeOffset>();
        foreach (var task in await _catalog.GetTasksAsync(ct))
        {
            Note(names, task.ChannelId, task.ChannelName, task.Start);
        }

        foreach (var record in await _catalog.GetRecordsAsync(null, ct))
        {
            // A task's name wins over a record's: records keep the name they were recorded with.
            if (!names.TryGetValue(record.ChannelId, out var known) || known.Name is null)
            {
                Note(names, record.ChannelId, record.ChannelName, record.Start);
            }

            if (!firsts.TryGetValue(record.ChannelId, out var first) || record.Start < first)
            {
                firsts[record.ChannelId] = record.Start;
            }
        }

        var ids = new List<int>(names.Keys);
        ids.Sort();
        var channels = new List<PlayerChannel>(ids.Count);
        var byId = new Dictionary<int, PlayerChannel>(ids.Count);
        var byName = new Dictionary<string, PlayerChannel>(StringComparer.Ordinal);
        var byNameIgnoreCase = new Dictionary<string, PlayerChannel>(StringComparer.OrdinalIgnoreCase);
        var ambiguous = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in ids)
        {
            var channel = new PlayerChannel(id, names[id].Name, firsts.TryGetValue(id, out var f) ? f : null);
            channels.Add(channel);
            byId[id] = channel;
            if (string.IsNullOrEmpty(channel.Name))
            {
                continue;
            }

            byName.TryAdd(channel.Name, channel);
            if (!byNameIgnoreCase.TryAdd(channel.Name, channel) && byNameIgnoreCase[channel.Name].Id != id)
            {
                ambiguous.Add(channel.Name);
            }
        }

        foreach (var name in ambiguous)
        {
            byNameIgnoreCase.Remove(name);
        }

        return new Snapshot(now, channels, byId, byName, byNameIgnoreCase);
    }

    private static void Note(Dictionary<int, (string? Name, DateTimeOffset At)> names, int channelId, string? name, DateTimeOffset at)
    {
        var value = string.IsNullOrWhiteSpace(name) ? null : name;
        if (!names.TryGetValue(channelId, out var known) || (value is not null && (known.Name is null || at >= known.At)))
        {
            names[channelId] = (value ?? known.Name, value is null ? known.At : at);
        }
    }

    private sealed record Snapshot(DateTimeOffset Taken, IReadOnlyList<PlayerChannel> Channels, Dictionary<int, PlayerChannel> ById,
        Dictionary<string, PlayerChannel> ByName, Dictionary<string, PlayerChannel> ByNameIgnoreCase);
}
