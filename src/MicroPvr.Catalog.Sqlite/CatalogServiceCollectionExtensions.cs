using MicroPvr.Core.Catalog;
using MicroPvr.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Catalog.Sqlite;

/// <summary>Registers the SQLite catalog as the daemon's <see cref="ICatalog"/>.</summary>
public static class CatalogServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SqliteCatalog"/> as a singleton <see cref="ICatalog"/>, stored in
    /// <c>&lt;data-dir&gt;/catalog.db</c> (compat spec §10), unless <paramref name="databasePath"/> is given.
    /// The data dir comes from <see cref="OptionsSource"/>. Also registers the start-up rebuild from
    /// disk (<see cref="CatalogStartupRebuild"/>): call this before registering the task services.
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
        services.TryAddSingleton(sp => new CatalogRebuilder(
            sp.GetRequiredService<ICatalog>(), sp.GetRequiredService<ILogger<CatalogRebuilder>>()));
        // Reconcile with the disk before anything records (files are the truth, docs/storage.md).
        services.AddHostedService(sp => new CatalogStartupRebuild(
            sp.GetRequiredService<CatalogRebuilder>(),
            OptionsSource.FromServices(sp),
            sp.GetRequiredService<ILogger<CatalogStartupRebuild>>()));
        return services;
    }

    private static string DefaultDatabasePath(IServiceProvider services) =>
        Path.Combine(OptionsSource.FromServices(services)().DataDir, SqliteCatalogOptions.DefaultFileName);
}
