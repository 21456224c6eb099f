using MicroPvr.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MicroPvr.Server.JsonRpc;

/// <summary>
/// The running configuration as the API sees it. Read on every use so that set_config changes
/// (allow-list, token, limits) apply without restart; falls back to IOptions, then to defaults,
/// when the config service is not registered.
/// </summary>
public sealed class JsonRpcOptionsProvider
{
    private readonly IConfigService? _configService;
    private readonly MicroPvrOptions _fallback;

    public JsonRpcOptionsProvider(IServiceProvider services)
    {
        _configService = services.GetService<IConfigService>();
        _fallback = services.GetService<IOptions<MicroPvrOptions>>()?.Value ?? new MicroPvrOptions();
    }

    public JsonRpcOptionsProvider(MicroPvrOptions options)
    {
        _fallback = options;
    }

    public MicroPvrOptions Current => _configService?.Current ?? _fallback;
}
