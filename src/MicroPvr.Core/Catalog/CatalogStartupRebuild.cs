using MicroPvr.Core.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Catalog;

/// <summary>
/// Reconciles the catalog with the disk when the daemon starts, before any recorder runs
/// (register it before the task services: hosted services start in registration order). This is
/// what restores a deleted or corrupt catalog, and repairs rows left stale by a crash.
/// </summary>
public sealed partial class CatalogStartupRebuild : IHostedService
{
    private readonly CatalogRebuilder _rebuilder;
    private readonly Func<MicroPvrOptions> _options;
    private readonly ILogger<CatalogStartupRebuild> _logger;

    public CatalogStartupRebuild(CatalogRebuilder rebuilder, Func<MicroPvrOptions> options, ILogger<CatalogStartupRebuild> logger)
    {
        _rebuilder = rebuilder;
        _options = options;
        _logger = logger;
    }

    /// <summary>The last rebuild's report (null until start-up finished).</summary>
    public CatalogRebuildReport? LastReport { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var roots = await _rebuilder.ResolveScanRootsAsync(_options().RecordsLinkDir, null, cancellationToken).ConfigureAwait(false);
            LastReport = await _rebuilder.RebuildAsync(roots, recordersRunning: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The daemon still starts: serving what the catalog has beats not serving at all.
            LogFailed(_logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3009, Level = LogLevel.Error, Message = "catalog rebuild at start-up failed; continuing with the catalog as it is")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
