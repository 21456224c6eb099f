using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.JsonRpc.Transport;

/// <summary>
/// The JSON-RPC API over plain TCP on json-rpc-listen-host:json-rpc-listen-port (compat spec §4, §5).
/// Every connection is bounded (request size, time, count) so that slow or idle clients never
/// starve the middleware.
/// </summary>
public sealed partial class JsonRpcTcpServer(
    JsonRpcDispatcher dispatcher,
    JsonRpcOptionsProvider options,
    JsonRpcAccessPolicy access,
    TimeProvider time,
    ILogger<JsonRpcTcpServer> logger) : BackgroundService
{
    private static readonly TimeSpan RefusalLogInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private Socket? _listener;
    private long _nextConnectionId;
    private long _lastRefusalLog;

    /// <summary>The bound address (port 0 resolved), or null when the API is disabled.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    public int ActiveConnections => _connections.Count;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var current = options.Current;
        if (!current.JsonRpcEnabled)
        {
            LogDisabled(logger);
            return Task.CompletedTask;
        }

        var endPoint = new IPEndPoint(ResolveHost(current.JsonRpcListenHost), current.JsonRpcListenPort);
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endPoint);
            listener.Listen(512);
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            LogListenFailed(logger, ex, endPoint.ToString());
            throw;
        }

        _listener = listener;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        LogListening(logger, LocalEndPoint.ToString());
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_listener is null)
        {
            return;
        }

        try
        {
            await AcceptLoopAsync(_listener, stoppingToken);
        }
        finally
        {
            _listener.Dispose();
            await Task.WhenAll(_connections.Values).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None)
                .ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // Transient (e.g. EMFILE under a connection flood): keep accepting.
                LogAcceptFailed(logger, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct).ContinueWith(static _ => { }, TaskScheduler.Default);
                continue;
            }

            Admit(client, ct);
        }
    }

    private void Admit(Socket client, CancellationToken ct)
    {
        var limits = JsonRpcServerLimits.From(options.Current);
        var remote = client.RemoteEndPoint as IPEndPoint;
        if (!access.IsAddressAllowed(remote?.Address))
        {
            LogAddressRefused(logger, remote?.ToString() ?? "?");
            client.Dispose();
            return;
        }

        if (_connections.Count >= limits.MaxConnections)
        {
            if (ShouldLogRefusal())
            {
                LogTooManyConnections(logger, limits.MaxConnections, remote?.ToString() ?? "?");
            }

            client.Dispose();
            return;
        }

        client.NoDelay = true;
        var id = Interlocked.Increment(ref _nextConnectionId);
        var connection = new JsonRpcConnection(client, dispatcher, limits, time, logger);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Task.Run(async () =>
        {
            await gate.Task;
            try
            {
                await connection.RunAsync(ct);
            }
            finally
            {
                _connections.TryRemove(id, out _);
            }
        }, CancellationToken.None);
        _connections[id] = task;
        gate.SetResult();
    }

    private bool ShouldLogRefusal()
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastRefusalLog);
        if (last != 0 && time.GetElapsedTime(last, now) < RefusalLogInterval)
        {
            return false;
        }

        return Interlocked.CompareExchange(ref _lastRefusalLog, now, last) == last;
    }

    private static IPAddress ResolveHost(string host)
    {
        if (string.IsNullOrWhiteSpace(host) || host == "*")
        {
            return IPAddress.Any;
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }

        var addresses = Dns.GetHostAddresses(host);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
    }
}
