using MicroPvr.TestKit;

namespace MicroPvr.Catalog.Sqlite.Tests;

/// <summary>A catalog in a fresh temp dir; reopen it to test persistence.</summary>
internal sealed class SqliteCatalogFixture : IDisposable
{
    private readonly TempDirectory _dir = new("micropvr-catalog");

    public SqliteCatalogFixture() => Catalog = Open();

    public string DatabasePath => _dir.Combine("catalog.db");

    public SqliteCatalog Catalog { get; private set; }

    public ListLogger<SqliteCatalog> Logger { get; private set; } = new();

    public SqliteCatalog Reopen()
    {
        Catalog.Dispose();
        Catalog = Open();
        return Catalog;
    }

    private SqliteCatalog Open()
    {
        Logger = new ListLogger<SqliteCatalog>();
        return new SqliteCatalog(new SqliteCatalogOptions { DatabasePath = DatabasePath }, Logger);
    }

    public void Dispose()
    {
        Catalog.Dispose();
        _dir.Dispose();
    }
}
