using MicroPvr.Catalog.Sqlite;
using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;
using MicroPvr.Core.Logging;

namespace MicroPvr.Server.Cli;

/// <summary>
/// `micropvr rebuild-index [--config PATH] [--root DIR]...` (compat spec §10): reconciles the catalog
/// (`&lt;data-dir&gt;/catalog.db`) with the record files. Scans every location named by the tasks and
/// records, every target in records-link-dir, and each --root. Safe beside a running daemon (WAL;
/// files it flags as being written keep their flag). Codes go to the configured log; a summary to stdout.
/// </summary>
internal static class RebuildIndexCommand
{
    private const string UsageLine = "usage: micropvr rebuild-index [--config PATH] [--root DIR]...";

    public static async Task<int> RunAsync(string[] args)
    {
        var configPath = ConfigLoader.DefaultPath;
        var extraRoots = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--config" or "-c" or "--root" && i + 1 < args.Length)
            {
                if (args[i] == "--root")
                {
                    extraRoots.Add(Path.GetFullPath(args[++i]));
                }
                else
                {
                    configPath = args[++i];
                }
            }
            else
            {
                Console.Error.WriteLine(UsageLine);
                return 2;
            }
        }

        var load = ConfigLoader.LoadFile(Path.GetFullPath(configPath));
        foreach (var issue in load.Issues)
        {
            Console.Error.WriteLine($"{(issue.IsError ? "ERROR" : "WARNING")} {configPath}: {issue}");
        }

        var options = load.Options;
        using var logWriter = new LogWriter(LogSettings.From(options));
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new MicroPvrLoggerProvider(logWriter)));
        try
        {
            var databasePath = Path.Combine(options.DataDir, SqliteCatalogOptions.DefaultFileName);
            using var catalog = new SqliteCatalog(new SqliteCatalogOptions { DatabasePath = databasePath }, loggers.CreateLogger<SqliteCatalog>());
            var rebuilder = new CatalogRebuilder(catalog, loggers.CreateLogger<CatalogRebuilder>());
            var roots = await rebuilder.ResolveScanRootsAsync(options.RecordsLinkDir, extraRoots).ConfigureAwait(false);
            var report = await rebuilder.RebuildAsync(roots, recordersRunning: true).ConfigureAwait(false);
            Console.WriteLine($"catalog {databasePath}{(catalog.RecoveredFromCorruption ? " (was corrupt: moved aside, recreated)" : "")}");
            Console.WriteLine($"scanned {string.Join(", ", report.ScanRoots)}");
            Console.WriteLine(
                $"{report.FilesScanned} files: {report.Added} added, {report.Updated} updated, {report.Unchanged} unchanged, " +
                $"{report.Removed} orphan rows removed in {report.Elapsed.TotalMilliseconds:F0} ms");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"micropvr rebuild-index: {ex.Message}");
            return 1;
        }
        finally
        {
            logWriter.Flush(TimeSpan.FromSeconds(5));
        }
    }
}
