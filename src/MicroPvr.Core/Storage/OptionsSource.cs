using MicroPvr.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MicroPvr.Core.Storage;

/// <summary>
/// The running configuration as a function, so storage and retention always see the values last
/// applied by set_config (compat spec §5): <see cref="IConfigService"/> when the host registers
/// one, else <c>IOptionsMonitor&lt;MicroPvrOptions&gt;</c>.
/// </summary>
public static class OptionsSource
{
    public static Func<MicroPvrOptions> FromServices(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.GetService<IConfigService>() is { } config)
        {
            return () => config.Current;
        }

        if (services.GetService<IOptionsMonitor<MicroPvrOptions>>() is { } monitor)
        {
            return () => monitor.CurrentValue;
        }

        var defaults = new MicroPvrOptions();
        return () => defaults;
    }
}
