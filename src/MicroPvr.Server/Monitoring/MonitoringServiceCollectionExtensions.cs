using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;
using MicroPvr.Core.Monitoring;
using MicroPvr.Core.Recording;
using MicroPvr.Core.Storage;
using MicroPvr.Core.Tasks;
using MicroPvr.Core.Tasks.Supervision;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MicroPvr.Server.Monitoring;

/// <summary>DI registration of /metrics and /healthz (one line in DaemonHost.AddAreas).</summary>
public static class MonitoringServiceCollectionExtensions
{
    /// <summary>
    /// Adds request accounting and the load score (<see cref="Core.Monitoring.MonitoringServiceCollectionExtensions.AddMicroPvrMonitoring"/>),
    /// the <see cref="HealthChecker"/> and the <see cref="MetricsCollector"/>. Every other area is
    /// optional: what is not registered is reported as absent (catalog) or left out (metrics).
    /// </summary>
    public static IServiceCollection AddMicroPvrMonitoringEndpoints(this IServiceCollection services)
    {
        services.AddMicroPvrMonitoring();
        services.TryAddSingleton(sp => new HealthChecker(
            sp.GetService<ICatalog>(),
            sp.GetService<TaskManager>(),
            sp.GetService<TaskRunner>(),
            sp.GetService<IConfigService>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<HealthChecker>>()));
        services.TryAddSingleton(sp => new MetricsCollector(
            sp.GetRequiredService<HealthChecker>(),
            sp.GetService<RequestStatistics>(),
            sp.GetService<ILoadScore>(),
            sp.GetService<TaskManager>(),
            sp.GetService<TaskRunner>(),
            sp.GetService<RecordingEngine>(),
            sp.GetService<IStorageManager>()));
        return services;
    }
}
