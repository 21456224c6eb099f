using System.Diagnostics;
using System.Globalization;
using MicroPvr.Core.Monitoring;
using MicroPvr.Core.Recording;
using MicroPvr.Core.Storage;
using MicroPvr.Core.Tasks;
using MicroPvr.Core.Tasks.Supervision;
using MicroPvr.Server.Cli;

namespace MicroPvr.Server.Monitoring;

/// <summary>
/// Builds the /metrics exposition from the areas that own the figures (docs/monitoring.md lists
/// every family): the ingest hubs, the task runner, request accounting and the load score,
/// the storage manager, the health checks and the process. An area that is not registered in
/// this daemon simply contributes no families.
/// </summary>
public sealed partial class MetricsCollector
{
    private const long MiB = 1024 * 1024;

    private readonly RequestStatistics? _statistics;
    private readonly ILoadScore? _loadScore;
    private readonly TaskManager? _tasks;
    private readonly TaskRunner? _runner;
    private readonly RecordingEngine? _engine;
    private readonly IStorageManager? _storage;
    private readonly HealthChecker _health;

    public MetricsCollector(HealthChecker health, RequestStatistics? statistics, ILoadScore? loadScore, TaskManager? tasks, TaskRunner? runner, RecordingEngine? engine, IStorageManager? storage)
    {
        ArgumentNullException.ThrowIfNull(health);
        _health = health;
        _statistics = statistics;
        _loadScore = loadScore;
        _tasks = tasks;
        _runner = runner;
        _engine = engine;
        _storage = storage;
    }

    /// <summary>One full exposition in the text format (0.0.4).</summary>
    public async Task<string> CollectAsync(CancellationToken ct)
    {
        var w = new PrometheusTextWriter();
        w.Family("micropvr_build_info", MetricType.Gauge, "Always 1; the version of the running daemon is in the label.");
        w.Sample(1, ("version", CommandLine.Version));

        var health = await _health.CheckAsync(ct);
        WriteHealth(w, health);
        if (_engine is not null)
        {
            WriteIngest(w, await _engine.GetSourcesAsync(ct));
        }

        if (_tasks is not null)
        {
            WriteTasks(w, _tasks.Snapshot(), _runner?.Runs ?? []);
        }

        if (_statistics is not null)
        {
            WriteDelivery(w, _statistics);
        }

        if (_loadScore is not null)
        {
            WriteLoadScore(w, _loadScore.GetLoadScore());
        }

        if (_storage is not null)
        {
            WriteStorage(w, _storage, health);
        }

        WriteProcess(w);
        return w.ToString();
    }

    private static void WriteHealth(PrometheusTextWriter w, HealthReport health)
    {
        w.Family("micropvr_healthy", MetricType.Gauge, "1 when /healthz answers 200, 0 when it answers 503.");
        w.Sample(health.Healthy ? 1 : 0);
        w.Family("micropvr_health_problems", MetricType.Gauge, "Reasons /healthz gives for 503, by check (catalog, record-location, task).");
        foreach (var check in (string[])["catalog", "record-location", "task"])
        {
            var count = 0;
            foreach (var p in health.Problems)
            {
                count += p.Check == check ? 1 : 0;
            }

            w.Sample(count, ("check", check));
        }

        w.Family("micropvr_catalog_up", MetricType.Gauge, "1 when the catalog answered a query within 5 s.");
        w.Sample(health.CatalogUp ? 1 : 0);
    }

    private static void WriteProcess(PrometheusTextWriter w)
    {
        using var self = Process.GetCurrentProcess();
        w.Family("process_cpu_seconds_total", MetricType.Counter, "User and system CPU time of the daemon in seconds.");
        w.Sample(self.TotalProcessorTime.TotalSeconds);
        w.Family("process_resident_memory_bytes", MetricType.Gauge, "Resident memory of the daemon in bytes.");
        w.Sample(self.WorkingSet64);
        w.Family("process_virtual_memory_bytes", MetricType.Gauge, "Virtual memory of the daemon in bytes.");
        w.Sample(self.VirtualMemorySize64);
        w.Family("process_start_time_seconds", MetricType.Gauge, "Start time of the daemon since the unix epoch in seconds.");
        w.Sample(ProcessInfo.StartTime.ToUnixTimeMilliseconds() / 1000.0);
        w.Family("process_threads", MetricType.Gauge, "Threads of the daemon.");
        w.Sample(self.Threads.Count);
        if (ProcessInfo.OpenFileDescriptors() is { } fds)
        {
            w.Family("process_open_fds", MetricType.Gauge, "Open file descriptors of the daemon (sockets, records being written and read).");
            w.Sample(fds);
        }

        w.Family("dotnet_gc_heap_bytes", MetricType.Gauge, "Bytes in the managed heap after the last collection.");
        w.Sample(GC.GetTotalMemory(forceFullCollection: false));
        w.Family("dotnet_gc_collections_total", MetricType.Counter, "Garbage collections by generation.");
        for (var gen = 0; gen <= GC.MaxGeneration; gen++)
        {
            w.Sample(GC.CollectionCount(gen), ("generation", gen.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
