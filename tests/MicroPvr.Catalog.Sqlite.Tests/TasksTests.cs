using MicroPvr.Core.Tasks;
using static MicroPvr.Catalog.Sqlite.Tests.CatalogTestData;

namespace MicroPvr.Catalog.Sqlite.Tests;

public sealed class TasksTests
{
    [Fact]
    public async Task Tasks_round_trip_update_and_delete()
    {
        using var fx = new SqliteCatalogFixture();
        var periodic = await fx.Catalog.AddTaskAsync(NewTask(3));
        var oneOff = await fx.Catalog.AddTaskAsync(NewTask(4) with { RepeatPeriod = null, Urgent = true, ChannelName = null, Priority = 7 });

        Assert.NotEqual(periodic.Id, oneOff.Id);
        Assert.Equal([periodic, oneOff], await fx.Catalog.GetTasksAsync());

        var updated = periodic with { Status = RecordingTaskStatus.Postponed, Start = T0.AddSeconds(61) };
        await fx.Catalog.UpdateTaskAsync(updated);
        Assert.Equal(updated, await fx.Catalog.GetTaskAsync(periodic.Id));

        await fx.Catalog.DeleteTaskAsync(oneOff.Id);
        Assert.Null(await fx.Catalog.GetTaskAsync(oneOff.Id));
        Assert.Equal([updated], await fx.Catalog.GetTasksAsync());
    }
}
