using Microsoft.Data.Sqlite;

namespace MicroPvr.Catalog.Sqlite.Migrations;

/// <summary>
/// Brings a database to the latest schema: reads MAX(version) from schema_version and applies
/// every later migration in its own transaction, recording it as it goes.
/// </summary>
internal static class SchemaMigrator
{
    public static int LatestVersion => CatalogMigrations.All[^1].Version;

    /// <summary>Returns the migrations applied (empty when the schema was current).</summary>
    public static IReadOnlyList<Migration> Migrate(SqliteConnection connection, DateTimeOffset now)
    {
        Execute(connection, null, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER PRIMARY KEY,
                name       TEXT    NOT NULL,
                applied_ms INTEGER NOT NULL
            );
            """);

        var current = CurrentVersion(connection);
        if (current > LatestVersion)
        {
            // A newer build wrote this file; refusing keeps its data intact for that build.
            throw new InvalidOperationException(
                $"catalog schema version {current} is newer than this build supports ({LatestVersion})");
        }

        var applied = new List<Migration>();
        foreach (var migration in CatalogMigrations.All)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, migration.Sql);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, name, applied_ms) VALUES ($v, $n, $t)";
            record.Parameters.AddWithValue("$v", migration.Version);
            record.Parameters.AddWithValue("$n", migration.Name);
            record.Parameters.AddWithValue("$t", now.ToUnixTimeMilliseconds());
            record.ExecuteNonQuery();
            transaction.Commit();
            applied.Add(migration);
        }

        return applied;
    }

    public static int CurrentVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
