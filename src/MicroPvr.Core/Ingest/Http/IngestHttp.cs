namespace MicroPvr.Core.Ingest.Http;

/// <summary>The HTTP client settings shared by the HTTP and HLS sources.</summary>
internal static class IngestHttp
{
    public static HttpClient CreateClient(IngestOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.SilenceTimeout,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var client = new HttpClient(handler, disposeHandler: true)
        {
            // Per-request stall timeouts are enforced by the sources themselves.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("MicroPVR/" + (typeof(IngestHttp).Assembly.GetName().Version?.ToString(3) ?? "0"));
        return client;
    }
}
