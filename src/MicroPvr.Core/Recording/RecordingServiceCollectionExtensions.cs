using MicroPvr.Core.Configuration;
using MicroPvr.Core.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Recording;

/// <summary>DI registration of the recording engine and the ingest sources (one call in DaemonHost).</summary>
public static class RecordingServiceCollectionExtensions
{
    public static IServiceCollection AddMicroPvrRecording(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => IngestOptionsFrom(sp.GetService<IConfigService>()?.Current ?? new MicroPvrOptions()));
        services.TryAddSingleton(sp =>
        {
            // records-checking-period is the upper bound between index flushes (compat spec §4).
            var checking = sp.GetService<IConfigService>()?.Current.RecordsCheckingPeriodSeconds ?? 30;
            var durable = TimeSpan.FromSeconds(Math.Clamp(checking, 1, 5));
            return new RecordWriterOptions { DurableFlushInterval = durable };
        });
        services.TryAddSingleton(sp => new StreamSourceFactory(
            sp.GetRequiredService<IngestOptions>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton(sp => new RecordingEngine(
            sp.GetRequiredService<StreamSourceFactory>(),
            sp.GetRequiredService<IngestOptions>(),
            sp.GetRequiredService<RecordWriterOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<IRecordingEngine>(sp => sp.GetRequiredService<RecordingEngine>());
        return services;
    }

    /// <summary>The operator-facing ingest keys (docs/configuration.md) over the engine's defaults.</summary>
    public static IngestOptions IngestOptionsFrom(MicroPvrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new IngestOptions
        {
            SilenceTimeout = TimeSpan.FromSeconds(Math.Max(1, options.SourceSilenceTimeoutSeconds)),
            ReceiveBufferBytes = Math.Max(64, options.SourceReceiveBufferKiB) * 1024,
        };
    }
}
