using MicroPvr.Core.Configuration;
using MicroPvr.Core.Logging;
using MicroPvr.Core.Logging.State;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MicroPvr.Server.Hosting;

/// <summary>
/// What every area can inject: <see cref="TimeProvider"/>, <see cref="IConfigService"/> (read
/// <c>Current</c> when a value is needed; subscribe to <c>Changed</c> for live changes) and the
/// <see cref="LogWriter"/>; plus the state log (compat spec §7).
/// </summary>
internal static class HostingServiceCollectionExtensions
{
    public static IServiceCollection AddMicroPvrHosting(this IServiceCollection services, string configPath, ConfigLoadResult load, LogWriter logWriter)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(logWriter);
        services.AddSingleton(sp =>
        {
            var config = new ConfigService(configPath, load, sp.GetRequiredService<ILogger<ConfigService>>(), sp.GetRequiredService<TimeProvider>());
            // Log keys apply at once after set_config (compat spec §5 "applied without restart").
            config.Changed += options => logWriter.Apply(LogSettings.From(options));
            return config;
        });
        services.AddSingleton<IConfigService>(sp => sp.GetRequiredService<ConfigService>());
        // For areas written against the options system: the start-up values (IConfigService has the live ones).
        services.TryAddSingleton(Options.Create(load.Options));
        services.AddSingleton<StateLogService>();
        services.AddHostedService(sp => sp.GetRequiredService<StateLogService>());
        return services;
    }
}
