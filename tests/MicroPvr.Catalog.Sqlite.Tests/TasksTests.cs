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

        // A postponed run keeps its planned end (compat spec §3): Stop is stored apart from Start.
        var updated = periodic with { Status = RecordingTaskStatus.Postponed, Start = T0.AddSeconds(61), Stop = T0.AddHours(24) };
        await fx.Catalog.UpdateTaskAsync(updated);
        var stored = await fx.Catalog.GetTaskAsync(periodic.Id);
        Assert.Equal(updated, stored);
        Assert.Equal(T0.AddHours(24), stored!.Stop);

        await fx.Catalog.DeleteTaskAsync(oneOff.Id);
        Assert.Null(await fx.Catalog.GetTaskAsync(oneOff.Id));
        Assert.Equal([updated], await fx.Catalog.GetTasksAsync());
    }
}
