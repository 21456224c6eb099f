using MicroPvr.Catalog.Sqlite.Migrations;
using Microsoft.Data.Sqlite;

namespace MicroPvr.Catalog.Sqlite.Tests;

public sealed class SchemaTests
{
    [Fact]
    public void Empty_database_is_migrated_to_the_latest_version_in_wal_mode()
    {
        using var fx = new SqliteCatalogFixture();

        Assert.True(fx.Catalog.StartedFresh);
        Assert.Equal(SchemaMigrator.LatestVersion, fx.Catalog.SchemaVersion);
        Assert.True(fx.Logger.Has(3003));
        Assert.True(fx.Logger.Has(3001));
        Assert.True(fx.Logger.Has(3000));

        using var connection = OpenRaw(fx.DatabasePath);
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM schema_version WHERE version = 1"));
        Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'ix_records_channel_start'"));
    }

    [Fact]
    public void Channel_time_lookup_uses_the_channel_start_index()
    {
        using var fx = new SqliteCatalogFixture();
        using var connection = OpenRaw(fx.DatabasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN SELECT id FROM records WHERE channel_id = 3 AND start_ms <= 5 AND (is_writing = 1 OR COALESCE(stop_ms, start_ms) >= 1)";
        using var reader = command.ExecuteReader();
        var plan = "";
        while (reader.Read())
        {
            plan += reader.GetString(3) + "\n";
        }

        Assert.Contains("ix_records_channel_start", plan);
    }

    [Fact]
    public async Task Reopening_keeps_data_and_applies_nothing_again()
    {
        using var fx = new SqliteCatalogFixture();
        var task = await fx.Catalog.AddTaskAsync(CatalogTestData.NewTask());

        var reopened = fx.Reopen();

        Assert.False(reopened.StartedFresh);
        Assert.False(fx.Logger.Has(3001));
        Assert.Equal(task, await reopened.GetTaskAsync(task.Id));
    }

    [Fact]
    public void A_schema_newer_than_this_build_is_refused_and_left_untouched()
    {
        using var fx = new SqliteCatalogFixture();
        fx.Catalog.Dispose();
        using (var connection = OpenRaw(fx.DatabasePath))
        {
            Scalar(connection, "INSERT INTO schema_version (version, name, applied_ms) VALUES (999, 'future', 0)");
        }

        var ex = Assert.Throws<InvalidOperationException>(() => fx.Reopen());
        Assert.Contains("999", ex.Message);
        Assert.True(File.Exists(fx.DatabasePath));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(fx.DatabasePath)!, "*.corrupt-*"));
    }

    /// <summary>The table each migration after the first added (its number first).</summary>
    private static readonly (int Version, string Table)[] TablesAddedBy = [(2, "range_locks"), (3, "live_discontinuity")];

    /// <summary>
    /// Turns the (closed) catalog at <paramref name="path"/> into what a daemon at schema
    /// <paramref name="version"/> left: the tables of later migrations and their rows in
    /// schema_version are gone. A new migration adds its table to <see cref="TablesAddedBy"/>.
    /// </summary>
    internal static void RollBackTo(string path, int version)
    {
        using var connection = OpenRaw(path);
        foreach (var (added, table) in TablesAddedBy)
        {
            if (added > version)
            {
                Scalar(connection, $"DROP TABLE {table};");
            }
        }

        Scalar(connection, $"DELETE FROM schema_version WHERE version > {version};");
    }

    internal static SqliteConnection OpenRaw(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    internal static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
