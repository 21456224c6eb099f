using System.Runtime.InteropServices;
using MicroPvr.Catalog.Sqlite;
using MicroPvr.Core.Configuration;
using MicroPvr.Core.Logging;
using MicroPvr.Core.Recording;
using MicroPvr.Core.Storage;
using MicroPvr.Core.Tasks;
using MicroPvr.Server.Cli;
using MicroPvr.Server.Delivery;
using MicroPvr.Server.Delivery.Flussonic;
using MicroPvr.Server.Delivery.ZeroCopy;
using MicroPvr.Server.JsonRpc;
using MicroPvr.Server.Monitoring;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Hosting;

/// <summary>
/// The single composition point of the daemon (team rule): configuration and logging first,
/// then one registration line per area in <see cref="AddAreas"/> and one endpoint line per area in
/// <see cref="MapAreas"/>. Runs in the foreground; systemd-ready (Type=notify through UseSystemd);
/// SIGTERM/SIGINT stop it cleanly (hosted services stopped, files closed, exit code 0);
/// SIGHUP reopens the log files for logrotate.
/// </summary>
internal static partial class DaemonHost
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs the daemon until a stop signal (or <paramref name="ct"/>); returns the process exit code.</summary>
    public static async Task<int> RunAsync(string configPath, CancellationToken ct = default)
    {
        var fullPath = Path.GetFullPath(configPath);
        // compat spec §4: an unreadable config is not fatal: 1003 is logged and defaults are used.
        var load = ConfigLoader.LoadFile(fullPath);
        using var logWriter = new LogWriter(LogSettings.From(load.Options));
        var log = new MicroPvrLoggerProvider(logWriter).CreateLogger(typeof(DaemonHost).FullName!);
        LogStarting(log, CommandLine.Version, Environment.ProcessId, fullPath);
        try
        {
            return await RunHostAsync(fullPath, load, logWriter, log, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogFailed(log, ex.Message, ex);
            return 1;
        }
        finally
        {
            logWriter.Flush(TimeSpan.FromSeconds(5));
        }
    }

    private static async Task<int> RunHostAsync(string configPath, ConfigLoadResult load, LogWriter logWriter, ILogger log, CancellationToken ct)
    {
        var app = Build(configPath, load, logWriter);
        await using (app.ConfigureAwait(false))
        {
            app.Services.GetRequiredService<ConfigService>().LogStartupLoad();
            var options = load.Options;
            if (!EnsureDataDir(options.DataDir, log))
            {
                return 1;
            }
            var stopSignal = new StopSignal();
            using var signals = RegisterSignals(logWriter, log, stopSignal);
            var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
            using var stopping = lifetime.ApplicationStopping.Register(() => LogStopping(log));

            await app.StartAsync(ct).ConfigureAwait(false);
            LogModuleStarted(log, $"HTTP listener on {ListenAddress.Describe(options.HttpListenHost, options.HttpListenPort)}");
            LogReady(log, ListenAddress.Describe(options.HttpListenHost, options.HttpListenPort), options.DataDir);

            await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            if (!stopSignal.Received && !ct.IsCancellationRequested)
            {
                // Nobody asked us to stop: a hosted service failed and stopped the host. Exit
                // non-zero so that systemd (Restart=on-failure) starts us again.
                LogFailed(log, "the host stopped without a stop signal (a service failed, see above)", new InvalidOperationException("unexpected stop"));
                return 1;
            }
            LogStopped(log);
            return 0;
        }
    }

    /// <summary>Builds the daemon's web application; tests use it to compose the real host in-process.</summary>
    internal static WebApplication Build(string configPath, ConfigLoadResult load, LogWriter logWriter)
    {
        var options = load.Options;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Host.UseSystemd();
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(new MicroPvrLoggerProvider(logWriter));
        // compat spec §6 /pvr files go out with sendfile(2) ahead of Kestrel's HTTP (docs/delivery.md).
        builder.WebHost.ConfigureKestrel(k => ListenAddress.Listen(k, options.HttpListenHost, options.HttpListenPort,
            options.HttpSendfile ? listen => listen.UseMicroPvrFileFastPath(k) : null));

        builder.Services.AddMicroPvrHosting(configPath, load, logWriter);
        AddAreas(builder.Services, options);

        var app = builder.Build();
        MapAreas(app);
        return app;
    }

    /// <summary>One line per area (tasks, storage, catalog, recorder, API, delivery...), in data-flow order.</summary>
    private static void AddAreas(IServiceCollection services, MicroPvrOptions options)
    {
        _ = options;
        services.AddMicroPvrCatalog(); // first: its start-up rebuild from disk runs before anything records
        services.AddMicroPvrStorage();
        services.AddMicroPvrRecording();
        services.AddMicroPvrTasks(); // after catalog, storage and recording: it starts recorders
        services.AddMicroPvrDelivery(); // archive locator, playlists, request statistics, load score
        services.AddMicroPvrPlayerUrls(); // compat spec §11 player URLs: channel directory
        services.AddMicroPvrJsonRpc();
        services.AddMicroPvrMonitoringEndpoints(); // /metrics and /healthz over every area above
    }

    /// <summary>One line per area that serves HTTP endpoints.</summary>
    private static void MapAreas(WebApplication app)
    {
        app.MapMicroPvrJsonRpc();
        app.MapMicroPvrDelivery(); // compat spec §6: /ts, /pvr/<nickname>/<file>
        app.MapMicroPvrMonitoring(); // /metrics (Prometheus), /healthz, /admin
        app.MapMicroPvrPlayerUrls(); // compat spec §11: /CHANNEL/mpegts, /CHANNEL/index.m3u8, ..., /channels.m3u
    }

    private static bool EnsureDataDir(string dataDir, ILogger log)
    {
        try
        {
            Directory.CreateDirectory(dataDir);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            LogDataDirFailed(log, dataDir, ex.Message);
            return false;
        }
    }

    private static SignalRegistrations RegisterSignals(LogWriter logWriter, ILogger log, StopSignal stopSignal)
    {
        // The host's own lifetime (console or systemd) stops the application on SIGTERM/SIGINT;
        // these registrations only log the signal and remember that the stop was asked for.
        var registrations = new SignalRegistrations();
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
        {
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                stopSignal.Received = true;
                LogSignal(log, context.Signal.ToString());
            }));
        }
        registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            // SIGHUP would end the process by default; here it means "logrotate moved the files".
            context.Cancel = true;
            LogSignal(log, "SIGHUP");
            logWriter.Reopen();
            LogReopened(log);
        }));
        return registrations;
    }
}
