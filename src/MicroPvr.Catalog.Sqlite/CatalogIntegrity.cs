using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MicroPvr.Catalog.Sqlite;

/// <summary>
/// Detects a database file SQLite cannot use (not a database, torn pages, broken b-trees) and
/// moves it aside with its WAL and shared-memory files, so the daemon can start fresh and rebuild
/// from the record files (ARCHITECTURE habit 3: files are the truth).
/// </summary>
internal static class CatalogIntegrity
{
    public static bool IsHealthy(string databasePath, out string reason)
    {
        try
        {
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = databasePath,
                Mode = SqliteOpenMode.ReadWrite,
                Pooling = false,
            }.ToString();
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            // quick_check verifies every page and b-tree without the O(N log N) index cross-check;
            // the catalog is small (one row per file), so this costs milliseconds.
            command.CommandText = "PRAGMA quick_check(1);";
            var result = command.ExecuteScalar() as string;
            if (!string.Equals(result, "ok", StringComparison.Ordinal))
            {
                reason = $"quick_check: {result}";
                return false;
            }

            reason = "";
            return true;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 11 or 26)
        {
            // 11 SQLITE_CORRUPT, 26 SQLITE_NOTADB (https://sqlite.org/rescode.html).
            reason = $"SQLite error {ex.SqliteErrorCode}: {ex.Message}";
            return false;
        }
    }

    /// <summary>Renames the file (and -wal, -shm) to `*.corrupt-&lt;UTC time&gt;`; returns the new main path.</summary>
    public static string MoveAside(string databasePath, DateTimeOffset now)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var aside = $"{databasePath}.corrupt-{stamp}";
        for (var n = 1; File.Exists(aside); n++)
        {
            aside = $"{databasePath}.corrupt-{stamp}-{n}";
        }

        File.Move(databasePath, aside);
        foreach (var suffix in (string[])["-wal", "-shm"])
        {
            if (File.Exists(databasePath + suffix))
            {
                File.Move(databasePath + suffix, aside + suffix, overwrite: true);
            }
        }

        return aside;
    }
}
