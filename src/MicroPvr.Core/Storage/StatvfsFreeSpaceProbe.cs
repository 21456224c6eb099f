namespace MicroPvr.Core.Storage;

/// <summary>
/// Real free space through statvfs(3): .NET's <see cref="DriveInfo.AvailableFreeSpace"/> on Linux
/// is f_bavail × f_frsize, the space a non-root process may still use (what `df` shows as Avail).
/// </summary>
public sealed class StatvfsFreeSpaceProbe : IFreeSpaceProbe
{
    public long GetAvailableBytes(string mountPoint)
    {
        try
        {
            return new DriveInfo(mountPoint).AvailableFreeSpace;
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"cannot query free space of {mountPoint}: {ex.Message}", ex);
        }
    }
}
