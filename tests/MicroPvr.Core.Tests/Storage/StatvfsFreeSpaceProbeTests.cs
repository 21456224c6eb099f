using System.Diagnostics;
using MicroPvr.Core.Storage;

namespace MicroPvr.Core.Tests.Storage;

public sealed class StatvfsFreeSpaceProbeTests
{
    [Fact]
    public async Task Free_space_of_tmp_agrees_with_df()
    {
        var mount = MountTable.ReadSystem().Find(Path.GetTempPath());
        var ours = new StatvfsFreeSpaceProbe().GetAvailableBytes(mount);

        var psi = new ProcessStartInfo("df", ["-B1", "--output=avail", mount]) { RedirectStandardOutput = true };
        using var df = Process.Start(psi)!;
        var output = await df.StandardOutput.ReadToEndAsync();
        await df.WaitForExitAsync();
        var theirs = long.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim());

        Assert.True(ours > 0);
        // Other processes write to the same disk between the two readings: allow 1 GiB of drift.
        Assert.InRange(ours, theirs - (1L << 30), theirs + (1L << 30));
    }

    [Fact]
    public void A_missing_directory_is_an_io_error() =>
        Assert.ThrowsAny<IOException>(() => new StatvfsFreeSpaceProbe().GetAvailableBytes($"/nonexistent-{Guid.NewGuid():N}"));
}
