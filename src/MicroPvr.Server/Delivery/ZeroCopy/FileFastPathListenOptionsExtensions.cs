using MicroPvr.Core.Delivery;
using MicroPvr.Core.Monitoring;
using MicroPvr.Core.Storage;
using MicroPvr.Server.Delivery.Flussonic;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Delivery.ZeroCopy;

/// <summary>Adds the zero-copy <c>/pvr</c>, <c>/ts</c> and player <c>.ts</c> fast path (<see cref="FileFastPath"/>) in front of Kestrel's HTTP on a listener.</summary>
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

    private static FileFastPath Create(IServiceProvider services, KestrelServerOptions kestrel)
    {
        var statistics = services.GetService<RequestStatistics>();
        // /ts on the fast path needs what its Kestrel handler is given; without them Kestrel answers it.
        var ts = services.GetService<ArchiveTimeline>() is { } timeline && statistics is not null
            ? new TsFastPath(timeline, statistics, services.GetRequiredService<ILogger<ArchiveStreamer>>())
            : null;
        // The player .ts URLs likewise, when they are mapped (AddMicroPvrPlayerUrls).
        var player = ts is not null && services.GetService<ChannelDirectory>() is { } channels && services.GetService<PlayerTsPlanner>() is { } planner
            ? new PlayerFastPath(channels, planner, services.GetRequiredService<ILogger<PlayerUrlHandler>>())
            : null;
        return new FileFastPath(
            services.GetRequiredService<IStorageManager>(),
            statistics,
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            FastPathLimits.From(kestrel),
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FileFastPath).FullName!),
            ts,
            player);
    }
}
