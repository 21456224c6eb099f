using MicroPvr.Core.Tasks.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MicroPvr.Core.Tasks;

/// <summary>Registers the task manager and its scheduler loop (one line in DaemonHost).</summary>
public static class TaskServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ITaskManager"/> and the scheduler that starts recorders at the right
    /// moments. Needs <see cref="Catalog.ICatalog"/>, <see cref="Recording.IRecordingEngine"/> and
    /// <see cref="Configuration.IConfigService"/> from the other areas.
    /// </summary>
    public static IServiceCollection AddMicroPvrTasks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TaskManager>();
        services.TryAddSingleton<ITaskManager>(sp => sp.GetRequiredService<TaskManager>());
        services.TryAddSingleton<TaskRunner>();
        services.TryAddSingleton<DemoChannelTask>();
        services.AddHostedService<TaskSchedulerService>();
        return services;
    }
}
