using MicroPvr.Catalog.Sqlite.Migrations;
using MicroPvr.Core.Catalog;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Catalog.Sqlite;

/// <summary>
/// The catalog in one SQLite file (WAL mode, versioned migrations). Safe for concurrent use:
/// writes go through one serialised writer connection, reads through pooled reader connections
/// that never block on the writer. A corrupt file found at open is moved aside and a fresh
/// catalog started; <see cref="StartedFresh"/> then tells the host to rebuild from disk.
/// </summary>
public sealed partial class SqliteCatalog : ICatalog, IRangeLocks, IDisposable
{
    private readonly SqliteConnectionPool _pool;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SqliteCatalog(SqliteCatalogOptions options, ILogger<SqliteCatalog> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger;
        DatabasePath = Path.GetFullPath(options.DatabasePath);
        var directory = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var existed = File.Exists(DatabasePath);
        if (existed && !CatalogIntegrity.IsHealthy(DatabasePath, out var reason))
        {
            var aside = CatalogIntegrity.MoveAside(DatabasePath, _time.GetUtcNow());
            LogCorruptMovedAside(logger, DatabasePath, reason, aside);
            RecoveredFromCorruption = true;
            existed = false;
        }

        StartedFresh = !existed;
        _pool = new SqliteConnectionPool(new SqliteCatalogOptions
        {
            DatabasePath = DatabasePath,
            MaxIdleReaders = options.MaxIdleReaders,
            BusyTimeout = options.BusyTimeout,
        });
        try
        {
            Initialise(logger);
        }
        catch
        {
            _pool.Dispose();
            throw;
        }
    }

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>True when the database did not exist (or was corrupt) and was created empty at open.</summary>
    public bool StartedFresh { get; }

    /// <summary>True when a corrupt database was moved aside at open.</summary>
    public bool RecoveredFromCorruption { get; }

    /// <summary>Schema version after migrations.</summary>
    public int SchemaVersion { get; private set; }

    private void Initialise(ILogger logger)
    {
        using var lease = _pool.WriterAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var connection = lease.Connection;
        using (var wal = connection.CreateCommand())
        {
            // WAL is persistent in the file: readers proceed while the writer commits.
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }

        if (StartedFresh)
        {
            LogCreated(logger, DatabasePath);
        }

        foreach (var migration in SchemaMigrator.Migrate(connection, _time.GetUtcNow()))
        {
            LogMigrationApplied(logger, migration.Version, migration.Name);
        }

        SchemaVersion = SchemaMigrator.CurrentVersion(connection);
        LogOpened(logger, DatabasePath, SchemaVersion, Count(connection, "records"), Count(connection, "tasks"));
    }

    private static long Count(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => _pool.Dispose();
}
