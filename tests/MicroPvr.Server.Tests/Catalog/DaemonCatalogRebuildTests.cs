using MicroPvr.Catalog.Sqlite;
using MicroPvr.Core.Storage;
using MicroPvr.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.Server.Tests.Catalog;

/// <summary>Files are the truth (ARCHITECTURE habit 3): the daemon restores a lost or corrupt catalog at start-up.</summary>
public sealed class DaemonCatalogRebuildTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_deleted_then_a_corrupt_catalog_is_rebuilt_from_the_record_files_at_start_up()
    {
        await using var daemon = await DaemonProcess.StartAsync();
        Assert.Equal(0, await daemon.StopAsync());
        var a = RecordFiles.Write(daemon.RecordsDir, 3, RecordFiles.T0, 5, TimeSpan.FromMinutes(30));
        var b = RecordFiles.Write(daemon.RecordsDir, 3, RecordFiles.T0.AddMinutes(30), 5, TimeSpan.FromMinutes(30));
        // The link an earlier run left behind is how the daemon finds the location without its tasks.
        var linkDir = (string)daemon.Config["records-link-dir"]!;
        Directory.CreateDirectory(linkDir);
        Directory.CreateSymbolicLink(Path.Combine(linkDir, DirectoryNickname.Compute(daemon.RecordsDir)), daemon.RecordsDir);
        var database = Path.Combine(daemon.DataDir, SqliteCatalogOptions.DefaultFileName);
        foreach (var file in Directory.GetFiles(daemon.DataDir, "catalog.db*"))
        {
            File.Delete(file);
        }

        await daemon.StartAgainAsync();
        Assert.True(await RebuiltAsync(daemon, times: 2), daemon.Output);
        Assert.Equal(0, await daemon.StopAsync());
        Assert.Equal([a, b], await RecordPathsAsync(database));

        await File.WriteAllTextAsync(database, new string('!', 8192));
        await daemon.StartAgainAsync();
        Assert.True(await RebuiltAsync(daemon, times: 3), daemon.Output);
        Assert.Contains("(3002)", daemon.Output, StringComparison.Ordinal);
        Assert.Equal(0, await daemon.StopAsync());
        Assert.Equal([a, b], await RecordPathsAsync(database));
    }

    // The output accumulates over restarts: count the rebuild lines (code 3004) of every start.
    private static async Task<bool> RebuiltAsync(DaemonProcess daemon, int times)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (daemon.Output.Split("(3004)").Length - 1 >= times)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static async Task<string[]> RecordPathsAsync(string database)
    {
        using var catalog = new SqliteCatalog(new SqliteCatalogOptions { DatabasePath = database }, NullLogger<SqliteCatalog>.Instance);
        return [.. (await catalog.GetRecordsAsync()).Select(r => r.Path).Order()];
    }
}
