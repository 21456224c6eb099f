using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Monitoring;
using MicroPvr.Core.Storage;
using MicroPvr.Core.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace MicroPvr.Server.JsonRpc;

/// <summary>
/// The domain services the API drives, resolved when a method runs. A service that is not
/// registered in this daemon gives a clear JSON-RPC error instead of a crash.
/// </summary>
public sealed class JsonRpcServices(IServiceProvider services)
{
    public TimeProvider Time { get; } = services.GetService<TimeProvider>() ?? TimeProvider.System;

    public ITaskManager Tasks => Require<ITaskManager>("the task manager");
    public ICatalog Catalog => Require<ICatalog>("the catalog");
    public IStorageManager Storage => Require<IStorageManager>("the storage manager");
    public IArchiveLocator Locator => Require<IArchiveLocator>("the archive locator");
    public IConfigService Config => Require<IConfigService>("the configuration service");
    public IRequestStatistics Statistics => Require<IRequestStatistics>("request statistics");
    public ILoadScore LoadScore => Require<ILoadScore>("the load score");
    public IPlaylistService Playlists => Require<IPlaylistService>("the playlist service");
    /// <summary>Built on the catalog: unavailable exactly when the catalog is.</summary>
    public RecordingCoverage Coverage => CatalogOrNull is null
        ? throw new JsonRpcErrorException(JsonRpcErrorCodes.ServiceUnavailable, "Service unavailable: the catalog is not running in this daemon")
        : services.GetRequiredService<RecordingCoverage>();

    /// <summary>Range locks (lock_range): the catalog stores them (SqliteCatalog), or a registered IRangeLocks.</summary>
    public IRangeLocks Locks => LocksOrNull
        ?? throw new JsonRpcErrorException(JsonRpcErrorCodes.ServiceUnavailable, "Service unavailable: no catalog that stores range locks is running in this daemon");

    /// <summary>Optional services: null when absent.</summary>
    public ICatalog? CatalogOrNull => services.GetService<ICatalog>();
    public IRequestStatistics? StatisticsOrNull => services.GetService<IRequestStatistics>();
    public IRangeLocks? LocksOrNull => services.GetService<IRangeLocks>() ?? CatalogOrNull as IRangeLocks;

    private T Require<T>(string what)
        where T : class =>
        services.GetService<T>()
        ?? throw new JsonRpcErrorException(JsonRpcErrorCodes.ServiceUnavailable, $"Service unavailable: {what} is not running in this daemon");
}
