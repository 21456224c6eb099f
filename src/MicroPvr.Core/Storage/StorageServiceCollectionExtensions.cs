using MicroPvr.Core.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Storage;

/// <summary>Registers storage, space admission and the retention loop (needs an <see cref="ICatalog"/>).</summary>
public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddMicroPvrStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFreeSpaceProbe, StatvfsFreeSpaceProbe>();
        services.TryAddSingleton(sp => new StorageManager(
            sp.GetRequiredService<ICatalog>(),
            sp.GetRequiredService<IFreeSpaceProbe>(),
            OptionsSource.FromServices(sp),
            sp.GetRequiredService<ILogger<StorageManager>>()));
        services.TryAddSingleton<IStorageManager>(sp => sp.GetRequiredService<StorageManager>());
        services.TryAddSingleton(sp => new RetentionWorker(
            sp.GetRequiredService<ICatalog>(),
            sp.GetRequiredService<StorageManager>(),
            OptionsSource.FromServices(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RetentionWorker>>()));
        services.AddHostedService<RetentionService>();
        return services;
    }
}
