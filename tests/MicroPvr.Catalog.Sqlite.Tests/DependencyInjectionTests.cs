using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;
using MicroPvr.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.Catalog.Sqlite.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddMicroPvrCatalog_stores_the_catalog_in_the_data_dir()
    {
        using var dir = new TempDirectory();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.Configure<MicroPvrOptions>(o => o.DataDir = dir.Combine("data"));
        services.AddMicroPvrCatalog();

        await using (var provider = services.BuildServiceProvider())
        {
            var catalog = provider.GetRequiredService<ICatalog>();
            Assert.Same(provider.GetRequiredService<SqliteCatalog>(), catalog);
            await catalog.AddTaskAsync(CatalogTestData.NewTask());
        }

        Assert.True(File.Exists(dir.Combine("data", "catalog.db")));
    }
}
