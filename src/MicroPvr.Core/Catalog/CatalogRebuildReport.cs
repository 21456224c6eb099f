namespace MicroPvr.Core.Catalog;

/// <summary>What a rebuild did: files seen, rows added/updated/unchanged/removed, and time taken.</summary>
public sealed record CatalogRebuildReport(
    IReadOnlyList<string> ScanRoots,
    int FilesScanned,
    int Added,
    int Updated,
    int Unchanged,
    int Removed,
    TimeSpan Elapsed);
