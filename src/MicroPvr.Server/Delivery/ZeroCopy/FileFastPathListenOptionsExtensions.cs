using MicroPvr.Core.Monitoring;
using MicroPvr.Core.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>Adds the zero-copy <c>/pvr</c> fast path (<see cref="FileFastPath"/>) in front of Kestrel's HTTP on a listener.</summary>
public static class FileFastPathListenOptionsExtensions
{
    public static ListenOptions UseMicroPvrFileFastPath(this ListenOptions listen, KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(kestrel);
        // Built at the first connection: the application's services exist by then.
        var fastPath = new Lazy<FileFastPath>(() => Create(listen.ApplicationServices, kestrel));
        listen.Use(next => connection => fastPath.Value.OnConnectionAsync(connection, next));
        return listen;
    }

    private static FileFastPath Create(IServiceProvider services, KestrelServerOptions kestrel) => new(
        services.GetRequiredService<IStorageManager>(),
        services.GetService<RequestStatistics>(),
        services.GetService<TimeProvider>() ?? TimeProvider.System,
        FastPathLimits.From(kestrel),
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FileFastPath).FullName!));
}
