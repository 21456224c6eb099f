using MicroPvr.Core.Catalog;
using MicroPvr.Core.Delivery;
using MicroPvr.Server.JsonRpc.Methods;
using MicroPvr.Server.JsonRpc.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MicroPvr.Server.JsonRpc;

/// <summary>Composition of the API (compat spec §5): one call from DaemonHost.</summary>
public static class JsonRpcServiceCollectionExtensions
{
    /// <summary>Registers the dispatcher, every method and the TCP server (a hosted service).</summary>
    public static IServiceCollection AddMicroPvrJsonRpc(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new JsonRpcOptionsProvider(sp));
        services.TryAddSingleton<JsonRpcAccessPolicy>();
        services.TryAddSingleton<JsonRpcServices>();
        services.TryAddSingleton<FileOffsetLookup>();
        // Recorded ranges and gaps (get_recording_status, HTTP recording_status.json): needs an
        // ICatalog; the index cache is the one delivery registers when it is in the daemon.
        services.TryAddSingleton(Delivery.DeliveryServiceCollectionExtensions.CreateIndexCache);
        services.TryAddSingleton(sp => new RecordingCoverage(
            sp.GetRequiredService<ICatalog>(), sp.GetRequiredService<RecordIndexCache>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<JsonRpcDispatcher>();
        services.AddMicroPvrJsonRpcMethods();
        services.TryAddSingleton<JsonRpcTcpServer>();
        services.AddHostedService(sp => sp.GetRequiredService<JsonRpcTcpServer>());
        return services;
    }

    /// <summary>The method table. Adding a method here also requires its entry in docs/openrpc.json (a test checks).</summary>
    private static void AddMicroPvrJsonRpcMethods(this IServiceCollection services)
    {
        services.AddSingleton<IJsonRpcMethod, CreateNewTaskMethod>();
        services.AddSingleton<IJsonRpcMethod, CreateTaskMethod>();
        services.AddSingleton<IJsonRpcMethod, AddTaskMethod>();
        services.AddSingleton<IJsonRpcMethod, AddUrgentTaskMethod>();
        services.AddSingleton<IJsonRpcMethod, CancelTaskMethod>();
        services.AddSingleton<IJsonRpcMethod, CancelTaskByIdMethod>();
        services.AddSingleton<IJsonRpcMethod, GetFileAndOffsetMethod>();
        services.AddSingleton<IJsonRpcMethod, GetFileOffsetMethod>();
        services.AddSingleton<IJsonRpcMethod, GetTasksListMethod>();
        services.AddSingleton<IJsonRpcMethod, GetConfigMethod>();
        services.AddSingleton<IJsonRpcMethod, SetConfigMethod>();
        services.AddSingleton<IJsonRpcMethod>(sp => new GetRecordsMethod(sp.GetRequiredService<JsonRpcServices>(), GetRecordsMethod.PrimaryName));
        services.AddSingleton<IJsonRpcMethod>(sp => new GetRecordsMethod(sp.GetRequiredService<JsonRpcServices>(), GetRecordsMethod.AliasName));
        services.AddSingleton<IJsonRpcMethod, GetPlaylistNameMethod>();
        services.AddSingleton<IJsonRpcMethod, IsAliveMethod>();
        services.AddSingleton<IJsonRpcMethod, GetRequestCounterMethod>();
        services.AddSingleton<IJsonRpcMethod, GetChannelListMethod>();
        services.AddSingleton<IJsonRpcMethod, GetAllMethod>();
        services.AddSingleton<IJsonRpcMethod, DeleteRecordsMethod>();
        services.AddSingleton<IJsonRpcMethod, DeleteRecordsDaysMethod>();
        services.AddSingleton<IJsonRpcMethod, GetRecordingStatusMethod>();
        services.AddSingleton<IJsonRpcMethod, LockRangeMethod>();
        services.AddSingleton<IJsonRpcMethod, UnlockRangeMethod>();
        services.AddSingleton<IJsonRpcMethod, GetLocksMethod>();
    }
}
