using MicroPvr.Core.Catalog;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Monitoring;
using MicroPvr.Core.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MicroPvr.Server.Delivery;

/// <summary>DI registration of HTTP delivery and what the API uses from it (compat spec §5, §6).</summary>
public static class DeliveryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the archive locator (<see cref="IArchiveLocator"/>), the playlist service
    /// (<see cref="IPlaylistService"/>), request statistics and the load score. Needs an
    /// <see cref="ICatalog"/> and an <see cref="IStorageManager"/> registered by their owners.
    /// </summary>
    public static IServiceCollection AddMicroPvrDelivery(this IServiceCollection services)
    {
        services.AddMicroPvrMonitoring();
        services.TryAddSingleton(CreateIndexCache);
        services.TryAddSingleton(sp => new ArchiveTimeline(sp.GetRequiredService<ICatalog>(), sp.GetRequiredService<RecordIndexCache>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IArchiveLocator>(sp => new ArchiveLocator(sp.GetRequiredService<ArchiveTimeline>()));
        services.TryAddSingleton(sp => new RecordDirectories(sp.GetRequiredService<ICatalog>(), sp.GetRequiredService<IStorageManager>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IPlaylistService>(sp => new PlaylistService(
            sp.GetRequiredService<ArchiveTimeline>(), sp.GetRequiredService<RecordDirectories>(), MonitoringServiceCollectionExtensions.CurrentOptions(sp)));
        return services;
    }

    /// <summary>
    /// The index cache shared by delivery and the API; a record deleted by the storage manager
    /// (retention, low space, delete_records) is evicted at once, so its mapped index goes with it.
    /// </summary>
    internal static RecordIndexCache CreateIndexCache(IServiceProvider sp)
    {
        var cache = new RecordIndexCache(sp.GetRequiredService<TimeProvider>());
        if (sp.GetService<StorageManager>() is { } storage)
        {
            storage.RecordRemoved += record => cache.Evict(record.Path);
        }

        return cache;
    }
}
