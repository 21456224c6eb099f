using MicroPvr.Core.Storage;

namespace MicroPvr.Catalog.Sqlite.Tests.Storage;

/// <summary>
/// Simulates a small disk: free = capacity - bytes of the files really present under the root,
/// so deleting a record really frees space in the simulation.
/// </summary>
public sealed class DiskBudgetProbe(string root, long capacityBytes) : IFreeSpaceProbe
{
    public long CapacityBytes { get; set; } = capacityBytes;

    public long GetAvailableBytes(string mountPoint)
    {
        long used = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            used += new FileInfo(file).Length;
        }

        return Math.Max(0, CapacityBytes - used);
    }
}
