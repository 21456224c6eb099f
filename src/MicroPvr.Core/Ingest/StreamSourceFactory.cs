using MicroPvr.Core.Ingest.FileReplay;
using MicroPvr.Core.Ingest.Hls;
using MicroPvr.Core.Ingest.Http;
using MicroPvr.Core.Ingest.Udp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.Core.Ingest;

/// <summary>
/// Creates the <see cref="IStreamSource"/> for a `stream_source` URL (docs/sources.md):
/// udp://, rtp://, http(s):// (continuous TS), *.m3u8 or hls+http(s):// (HLS pull),
/// file:///path.ts[?loop=1].
/// </summary>
public sealed class StreamSourceFactory
{
    private readonly IngestOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ReceivePacer? _pacer;

    public StreamSourceFactory(IngestOptions? options = null, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        _options = options ?? new IngestOptions();
        _time = time ?? TimeProvider.System;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<StreamSourceFactory>();
        // One tick for every UDP source of this factory (the daemon has one factory).
        _pacer = _options.ReceiveBatchInterval > TimeSpan.Zero ? new ReceivePacer(_options.ReceiveBatchInterval) : null;
    }

    /// <summary>Null when the URL is usable, else why not. Does not log.</summary>
    public static string? Validate(string url)
    {
        Build(url, out var error, null);
        return error;
    }

    /// <summary>Creates the source; logs 9004 and throws <see cref="InvalidSourceUrlException"/> for an unusable URL.</summary>
    public IStreamSource Create(string url)
    {
        var source = Build(url, out var error, this);
        if (source is null)
        {
            IngestLog.InvalidSourceUrl(_logger, url, error!);
            throw new InvalidSourceUrlException(url, error!);
        }

        return source;
    }

    private static IStreamSource? Build(string url, out string? error, StreamSourceFactory? factory)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            error = "empty URL";
            return null;
        }

        url = url.Trim();
        var sep = url.IndexOf("://", StringComparison.Ordinal);
        if (sep <= 0)
        {
            error = "no scheme (expected udp://, rtp://, http://, https://, hls+http://, file://)";
            return null;
        }

        var scheme = url[..sep].ToLowerInvariant();
        var rest = url[(sep + 3)..];
        switch (scheme)
        {
            case "udp":
            case "rtp":
                var address = UdpSourceAddress.Parse(rest, out error);
                return address is null ? null : factory?.Udp(url, address, scheme == "rtp") ?? Placeholder;
            case "http":
            case "https":
            case "hls+http":
            case "hls+https":
                var hls = scheme.StartsWith("hls+", StringComparison.Ordinal);
                var httpUrl = hls ? url[4..] : url;
                if (!Uri.TryCreate(httpUrl, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
                {
                    error = "not a valid HTTP URL";
                    return null;
                }

                hls |= uri.AbsolutePath.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase);
                return factory is null ? Placeholder : hls ? factory.Hls(url, uri) : factory.Http(url, uri);
            case "file":
                var file = FileSourceAddress.Parse(url, out error);
                return file is null ? null : factory?.File(url, file) ?? Placeholder;
            default:
                error = $"unsupported scheme '{scheme}'";
                return null;
        }
    }

    // Validation only needs "would work"; never returned to callers of Create.
    private static readonly IStreamSource Placeholder = new NullSource();

    private UdpStreamSource Udp(string url, UdpSourceAddress address, bool rtp) =>
        new(url, address, rtp, _options, _time, _loggers.CreateLogger<UdpStreamSource>(), _pacer);

    private HttpStreamSource Http(string url, Uri uri) => new(url, uri, _options, _time, _loggers.CreateLogger<HttpStreamSource>());

    private HlsStreamSource Hls(string url, Uri uri) => new(url, uri, _options, _time, _loggers.CreateLogger<HlsStreamSource>());

    private FileStreamSource File(string url, FileSourceAddress address) =>
        new(url, address, _options, _time, _loggers.CreateLogger<FileStreamSource>());

    private sealed class NullSource : IStreamSource
    {
        public string Url => string.Empty;

        public Task RunAsync(IStreamSink sink, CancellationToken ct) => Task.CompletedTask;
    }
}
