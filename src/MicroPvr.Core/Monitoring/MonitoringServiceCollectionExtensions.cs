using MicroPvr.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MicroPvr.Core.Monitoring;

/// <summary>DI registration of request accounting and the load score (idempotent: TryAdd).</summary>
public static class MonitoringServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RequestStatistics"/> (also as <see cref="IRequestStatistics"/>),
    /// <see cref="IHostLoad"/> and <see cref="ILoadScore"/>. The API's get_request_counter,
    /// get_channel_list and is_alive resolve these.
    /// </summary>
    public static IServiceCollection AddMicroPvrMonitoring(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new RequestStatistics(sp.GetRequiredService<TimeProvider>(), CurrentOptions(sp)));
        services.TryAddSingleton<IRequestStatistics>(sp => sp.GetRequiredService<RequestStatistics>());
        services.TryAddSingleton<IHostLoad>(_ => new ProcLoadAverage());
        services.TryAddSingleton<ILoadScore>(sp => new LoadScoreCalculator(
            sp.GetRequiredService<RequestStatistics>(), sp.GetRequiredService<IHostLoad>(), CurrentOptions(sp)));
        return services;
    }

    /// <summary>
    /// The running configuration: set_config may replace it at run time, so it is read on each
    /// use, from IConfigService when the host registered one, else from the options system.
    /// </summary>
    public static Func<MicroPvrOptions> CurrentOptions(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetService<IConfigService>() is { } config)
        {
            return () => config.Current;
        }

        if (services.GetService<IOptionsMonitor<MicroPvrOptions>>() is { } monitor)
        {
            return () => monitor.CurrentValue;
        }

        var defaults = new MicroPvrOptions();
        return () => defaults;
    }
}
