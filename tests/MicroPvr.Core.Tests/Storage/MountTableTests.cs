using MicroPvr.Core.Storage;

namespace MicroPvr.Core.Tests.Storage;

public sealed class MountTableTests
{
    private const string Mounts = """
        /dev/sda1 / ext4 rw,relatime 0 0
        proc /proc proc rw,nosuid 0 0
        /dev/sdb1 /hdd xfs rw,noatime 0 0
        /dev/sdc1 /hdd/pvr2 xfs rw,noatime 0 0
        /dev/sdd1 /mnt/my\040disk ext4 rw 0 0
        tmpfs /ram tmpfs rw 0 0
        """;

    [Theory]
    [InlineData("/hdd/pvr", "/hdd")]
    [InlineData("/hdd/pvr2", "/hdd/pvr2")]
    [InlineData("/hdd/pvr2/ch_3", "/hdd/pvr2")]
    [InlineData("/hdd/pvr22", "/hdd")]
    [InlineData("/hddx/pvr", "/")]
    [InlineData("/mnt/my disk/pvr", "/mnt/my disk")]
    [InlineData("/ram/", "/ram")]
    [InlineData("/var/pvr/../../hdd/x", "/hdd")]
    public void A_path_belongs_to_the_longest_mount_prefix(string path, string mount) =>
        Assert.Equal(mount, MountTable.Parse(Mounts).Find(path));

    [Fact]
    public void The_system_table_is_read_from_proc()
    {
        var table = MountTable.ReadSystem();
        Assert.Contains("/", table.MountPoints);
        Assert.Contains("/proc", table.MountPoints);
        Assert.Equal("/proc", table.Find("/proc/self"));
    }
}
