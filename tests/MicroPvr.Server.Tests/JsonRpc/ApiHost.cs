using System.Net;
using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Monitoring;
using MicroPvr.Core.Storage;
using MicroPvr.Core.Tasks;
using MicroPvr.Server.JsonRpc;
using MicroPvr.Server.JsonRpc.Transport;
using Microsoft.Extensions.DependencyInjection;

namespace MicroPvr.Server.Tests.JsonRpc;

/// <summary>The real API (dispatcher + TCP server on a free loopback port) over <see cref="InMemoryServices"/>.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly JsonRpcTcpServer _server;

    private ApiHost(ServiceProvider provider, InMemoryServices services)
    {
        _provider = provider;
        Services = services;
        _server = provider.GetRequiredService<JsonRpcTcpServer>();
        Dispatcher = provider.GetRequiredService<JsonRpcDispatcher>();
    }

    public InMemoryServices Services { get; }
    public JsonRpcDispatcher Dispatcher { get; }
    public JsonRpcTcpServer Server => _server;
    public IPEndPoint EndPoint => _server.LocalEndPoint!;
    public int Port => EndPoint.Port;

    /// <summary>Starts the API; <paramref name="registerServices"/> false leaves the domain services out.</summary>
    public static async Task<ApiHost> StartAsync(Action<MicroPvrOptions>? configure = null, bool registerServices = true)
    {
        var services = new InMemoryServices();
        services.SetOptions(o => configure?.Invoke(o));
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<IConfigService>(services);
        if (registerServices)
        {
            collection.AddSingleton<ITaskManager>(services);
            collection.AddSingleton<ICatalog>(services.Catalog);
            collection.AddSingleton<IStorageManager>(services);
            collection.AddSingleton<IArchiveLocator>(services);
            collection.AddSingleton<IRequestStatistics>(services);
            collection.AddSingleton<ILoadScore>(services);
            collection.AddSingleton<IPlaylistService>(services);
        }

        collection.AddMicroPvrJsonRpc();
        var provider = collection.BuildServiceProvider();
        var host = new ApiHost(provider, services);
        await host._server.StartAsync(CancellationToken.None);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(CancellationToken.None);
        await _provider.DisposeAsync();
        Services.Dispose();
    }
}
