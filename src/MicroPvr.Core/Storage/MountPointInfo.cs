namespace MicroPvr.Core.Storage;

/// <summary>A file system that holds record locations, as the state log and get_all show it (MiB).</summary>
public sealed record MountPointInfo(string Path, long FreeMiB, long ReservedMiB, long AvailableMiB, IReadOnlyList<string> RecordLocations);
