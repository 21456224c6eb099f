namespace MicroPvr.Core.Storage;

/// <summary>Free space of a file system; injectable so tests can simulate a full disk.</summary>
public interface IFreeSpaceProbe
{
    /// <summary>Bytes available to an unprivileged writer on the file system of <paramref name="mountPoint"/>.</summary>
    /// <exception cref="IOException">The file system cannot be queried.</exception>
    long GetAvailableBytes(string mountPoint);
}
