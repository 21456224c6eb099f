using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Storage;

/// <summary>
/// Runs <see cref="RetentionWorker"/> every second on the injected clock and keeps the known record
/// locations (mount points, link-dir symlinks) up to date. A failed pass is logged and retried.
/// </summary>
public sealed partial class RetentionService : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LocationRefresh = TimeSpan.FromMinutes(1);

    private readonly RetentionWorker _worker;
    private readonly StorageManager _storage;
    private readonly TimeProvider _time;
    private readonly ILogger<RetentionService> _logger;

    public RetentionService(RetentionWorker worker, StorageManager storage, TimeProvider time, ILogger<RetentionService> logger)
    {
        _worker = worker;
        _storage = storage;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextRefresh = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_time.GetUtcNow() >= nextRefresh)
                {
                    await _storage.RefreshLocationsAsync(stoppingToken).ConfigureAwait(false);
                    nextRefresh = _time.GetUtcNow() + LocationRefresh;
                }

                await _worker.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(Tick, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // supervised loop: any failure is logged and the next pass retries
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPassFailed(_logger, ex);
                await Task.Delay(Tick, _time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 6119, Level = LogLevel.Error, Message = "retention pass failed; retrying")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
