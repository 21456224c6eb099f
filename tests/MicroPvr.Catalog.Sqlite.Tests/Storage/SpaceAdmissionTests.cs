namespace MicroPvr.Catalog.Sqlite.Tests.Storage;

public sealed class SpaceAdmissionTests
{
    private const long MiB = StorageFixture.MiB;

    [Fact]
    public void Without_free_space_checks_every_recording_is_admitted_and_nothing_reserved()
    {
        using var fx = new StorageFixture();
        fx.Probe.CapacityBytes = 1 * MiB;

        using var admission = fx.Storage.AdmitRecording(fx.Location);

        Assert.True(admission.Allowed);
        Assert.Equal(0, admission.ReservationMiB);
    }

    [Fact]
    public void Reservations_add_up_per_mount_point_until_the_minimum_would_be_crossed()
    {
        using var fx = new StorageFixture();
        fx.Options.RecorderCheckFreeSpace = true;
        fx.Probe.CapacityBytes = 20 * MiB; // min 10 MiB, reserve 4 MiB: two recordings fit, not three

        var first = fx.Storage.AdmitRecording(fx.Location);
        var second = fx.Storage.AdmitRecording(Path.Combine(fx.Root, "ssd"));
        var third = fx.Storage.AdmitRecording(fx.Location);

        Assert.True(first.Allowed);
        Assert.True(second.Allowed);
        Assert.Equal(8, second.ReservedMiB);
        Assert.False(third.Allowed);
        Assert.Contains("records-min-free-space", third.Reason);
        Assert.True(fx.StorageLogger.Has(6108));
        Assert.True(fx.StorageLogger.Has(6111));
        var mount = Assert.Single(fx.Storage.GetMountPoints());
        Assert.Equal(fx.Root, mount.Path);
        Assert.Equal(20, mount.FreeMiB);
        Assert.Equal(8, mount.ReservedMiB);
        Assert.Equal(12, mount.AvailableMiB);
        Assert.Equal(2, mount.RecordLocations.Count);

        first.Dispose();
        first.Dispose(); // idempotent
        using var fourth = fx.Storage.AdmitRecording(fx.Location);
        Assert.True(fourth.Allowed);
        second.Dispose();
        Assert.Equal(4, Assert.Single(fx.Storage.GetMountPoints()).ReservedMiB);
    }

    [Fact]
    public void Real_free_space_counts_what_recordings_already_wrote()
    {
        using var fx = new StorageFixture();
        fx.Options.RecorderCheckFreeSpace = true;
        fx.Probe.CapacityBytes = 30 * MiB;
        StorageFixture.WriteFile(Path.Combine(fx.Location, "ch_1", "c1_t1_1.ts"), 17 * MiB, null, TimeSpan.Zero);

        using var admission = fx.Storage.AdmitRecording(fx.Location);

        Assert.False(admission.Allowed); // 13 MiB free - 4 reserve < 10 minimum
        Assert.Equal(13, admission.FreeMiB);
    }
}
