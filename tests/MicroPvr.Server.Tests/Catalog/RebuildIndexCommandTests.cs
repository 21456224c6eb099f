using System.Text.Json.Nodes;
using MicroPvr.Catalog.Sqlite;
using MicroPvr.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.Server.Tests.Catalog;

public sealed class RebuildIndexCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Rebuild_index_restores_the_catalog_from_the_files_and_is_idempotent()
    {
        using var dir = new TempDirectory();
        var location = dir.Combine("records");
        var a = RecordFiles.Write(location, 3, RecordFiles.T0, 5, TimeSpan.FromMinutes(30));
        var b = RecordFiles.Write(location, 4, RecordFiles.T0, 6, TimeSpan.FromMinutes(40));
        var config = dir.Combine("micropvr.conf");
        await File.WriteAllTextAsync(config, new JsonObject
        {
            ["data-dir"] = dir.Combine("data"),
            ["log-path"] = dir.Combine("micropvr.log"),
            ["records-link-dir"] = "",
        }.ToJsonString());

        var first = await CliRunner.RunAsync(Timeout, "rebuild-index", "--config", config, "--root", location);
        var second = await CliRunner.RunAsync(Timeout, "rebuild-index", "--config", config, "--root", location);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("2 files: 2 added, 0 updated, 0 unchanged, 0 orphan rows removed", first.StandardOutput, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("2 files: 0 added, 0 updated, 2 unchanged, 0 orphan rows removed", second.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("(3004)", await File.ReadAllTextAsync(dir.Combine("micropvr.log")), StringComparison.Ordinal);
        using var catalog = new SqliteCatalog(new SqliteCatalogOptions { DatabasePath = dir.Combine("data", "catalog.db") }, NullLogger<SqliteCatalog>.Instance);
        var rows = await catalog.GetRecordsAsync();
        Assert.Equal([a, b], rows.Select(r => r.Path).Order());
        Assert.Equal(RecordFiles.T0.AddMinutes(40), rows.Single(r => r.Path == b).Stop);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_with_the_usage()
    {
        var result = await CliRunner.RunAsync(Timeout, "rebuild-index", "--bogus");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: micropvr rebuild-index", result.StandardError, StringComparison.Ordinal);
    }
}
