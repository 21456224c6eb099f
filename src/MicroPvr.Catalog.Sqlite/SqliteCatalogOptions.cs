namespace MicroPvr.Catalog.Sqlite;

/// <summary>Where the catalog lives and how many idle reader connections it keeps.</summary>
public sealed class SqliteCatalogOptions
{
    /// <summary>File name of the catalog inside the data dir (compat spec §10 `data-dir`).</summary>
    public const string DefaultFileName = "catalog.db";

    /// <summary>Full path of the database file.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>Idle reader connections kept open; more are opened on demand and closed after use.</summary>
    public int MaxIdleReaders { get; init; } = 8;

    /// <summary>How long a statement waits on a lock held by another process before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
