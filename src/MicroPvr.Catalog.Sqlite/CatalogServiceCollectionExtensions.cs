using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MicroPvr.Catalog.Sqlite;

/// <summary>Registers the SQLite catalog as the daemon's <see cref="ICatalog"/>.</summary>
public static class CatalogServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SqliteCatalog"/> as a singleton <see cref="ICatalog"/>, stored in
    /// <c>&lt;data-dir&gt;/catalog.db</c> (compat spec §10), unless <paramref name="databasePath"/> is given.
    /// The data dir comes from <see cref="IConfigService"/> when registered, else from
    /// <c>IOptions&lt;MicroPvrOptions&gt;</c>.
    /// </summary>
    public static IServiceCollection AddMicroPvrCatalog(this IServiceCollection services, string? databasePath = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new SqliteCatalog(
            new SqliteCatalogOptions { DatabasePath = databasePath ?? DefaultDatabasePath(sp) },
            sp.GetRequiredService<ILogger<SqliteCatalog>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ICatalog>(sp => sp.GetRequiredService<SqliteCatalog>());
        return services;
    }

    private static string DefaultDatabasePath(IServiceProvider services)
    {
        var options = services.GetService<IConfigService>()?.Current
            ?? services.GetService<IOptions<MicroPvrOptions>>()?.Value
            ?? new MicroPvrOptions();
        return Path.Combine(options.DataDir, SqliteCatalogOptions.DefaultFileName);
    }
}
