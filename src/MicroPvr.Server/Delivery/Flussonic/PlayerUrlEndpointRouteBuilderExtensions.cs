using MicroPvr.Core.Delivery;
using MicroPvr.Core.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary>
/// The player-compatible URLs (compat spec §11, Flussonic style) and the channel M3U on the
/// daemon's HTTP port. docs/player-urls.md.
/// </summary>
public static class PlayerUrlEndpointRouteBuilderExtensions
{
    /// <summary>Registers what the player URLs need beyond <c>AddMicroPvrDelivery</c> (the channel directory, the recorded-range coverage, the handler).</summary>
    public static IServiceCollection AddMicroPvrPlayerUrls(this IServiceCollection services)
    {
        services.AddMicroPvrDelivery();
        services.TryAddSingleton(sp => new ChannelDirectory(sp.GetRequiredService<Core.Catalog.ICatalog>(), sp.GetRequiredService<TimeProvider>()));
        // The same registration as AddMicroPvrJsonRpc's (TryAdd): one coverage over the shared index cache.
        services.TryAddSingleton(sp => new RecordingCoverage(
            sp.GetRequiredService<Core.Catalog.ICatalog>(), sp.GetRequiredService<RecordIndexCache>(), sp.GetRequiredService<TimeProvider>()));
        // One decision for where a player .ts URL starts, shared by the handler and the zero-copy fast path.
        services.TryAddSingleton(sp => new PlayerTsPlanner(sp.GetRequiredService<ArchiveTimeline>(), sp.GetRequiredService<Core.Catalog.ICatalog>()));
        services.TryAddSingleton(sp => new PlayerUrlHandler(
            sp.GetRequiredService<ArchiveTimeline>(), sp.GetRequiredService<Core.Catalog.ICatalog>(), sp.GetRequiredService<ChannelDirectory>(),
            sp.GetRequiredService<RecordingCoverage>(),
            sp.GetRequiredService<RequestStatistics>(), MonitoringServiceCollectionExtensions.CurrentOptions(sp),
            sp.GetRequiredService<ILogger<ArchiveStreamer>>(), sp.GetRequiredService<ILogger<PlayerUrlHandler>>(), sp.GetRequiredService<PlayerTsPlanner>()));
        return services;
    }

    /// <summary>
    /// Maps <c>GET /{channel}/{file}</c> (every form of <see cref="FlussonicKind"/>) and
    /// <c>GET /channels.m3u</c>. Literal routes (<c>/pvr/…</c>, <c>/ts</c>, <c>/jsonrpc</c>) win over
    /// these by routing precedence; a file name that is no player form answers 404.
    /// </summary>
    public static IEndpointRouteBuilder MapMicroPvrPlayerUrls(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapMethods("/channels.m3u", HttpMethodSets.GetHead, HandleChannelListAsync);
        endpoints.MapMethods("/{channel}/{file}", HttpMethodSets.GetHead, (HttpContext http, string channel, string file, PlayerUrlHandler handler) => handler.HandleAsync(http, channel, file));
        return endpoints;
    }

    /// <summary><c>/channels.m3u?catchup=default|flussonic|shift|append&amp;format=hls|ts</c>.</summary>
    private static async Task HandleChannelListAsync(HttpContext http, ChannelDirectory channels, TimeProvider time)
    {
        var mode = http.Request.Query["catchup"].ToString();
        var format = http.Request.Query["format"].ToString();
        mode = mode.Length == 0 ? "default" : mode;
        format = format.Length == 0 ? "hls" : format;
        if (!ChannelListM3u.Modes.Contains(mode) || !ChannelListM3u.Formats.Contains(format))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("catchup must be one of default, flussonic, shift, append; format one of hls, ts\n", http.RequestAborted);
            return;
        }

        var request = http.Request;
        var baseUri = $"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}/";
        var text = ChannelListM3u.Write(await channels.ListAsync(http.RequestAborted), baseUri, mode, format, time.GetUtcNow());
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "audio/x-mpegurl; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.WriteAsync(text, http.RequestAborted);
    }
}
