using System.Net;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Ingest.Http;

/// <summary>
/// `http://` and `https://` continuous MPEG-TS (chunked or not). A stall longer than the silence
/// timeout, an error status or the end of the response reconnects with exponential back-off.
/// </summary>
public sealed class HttpStreamSource : IStreamSource
{
    private const int ReadBufferSize = 64 * 1024;

    private readonly Uri _uri;
    private readonly IngestOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public HttpStreamSource(string url, Uri uri, IngestOptions options, TimeProvider time, ILogger logger)
    {
        Url = url;
        _uri = uri;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public string Url { get; }

    /// <summary>Successful connections so far.</summary>
    public int Connections { get; private set; }

    public async Task RunAsync(IStreamSink sink, CancellationToken ct)
    {
        using var client = IngestHttp.CreateClient(_options);
        var buffer = GC.AllocateUninitializedArray<byte>(ReadBufferSize);
        var backoff = new ReconnectBackoff(_options);
        while (!ct.IsCancellationRequested)
        {
            string reason;
            try
            {
                reason = await ReceiveOnceAsync(client, buffer, sink, backoff, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                reason = e.StatusCode is { } status ? $"HTTP {(int)status}" : e.Message;
            }
            catch (IOException e)
            {
                reason = e.Message;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                reason = $"no data for {_options.SilenceTimeout.TotalSeconds:F0} s";
            }

            var delay = backoff.Next();
            if (Connections == 0)
            {
                IngestLog.OpenFailed(_logger, Url, reason, delay.TotalSeconds);
            }
            else
            {
                IngestLog.ConnectionLost(_logger, Url, reason, delay.TotalSeconds);
            }

            await Task.Delay(delay, _time, ct).ConfigureAwait(false);
        }

        ct.ThrowIfCancellationRequested();
    }

    /// <summary>One connection: returns why it ended.</summary>
    private async Task<string> ReceiveOnceAsync(HttpClient client, byte[] buffer, IStreamSink sink, ReconnectBackoff backoff, CancellationToken ct)
    {
        using var stall = new CancellationTokenSource(_options.SilenceTimeout, _time);
        using var link = ct.Register(static s => ((CancellationTokenSource)s!).Cancel(), stall);
        using var request = new HttpRequestMessage(HttpMethod.Get, _uri);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stall.Token).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return $"HTTP {(int)response.StatusCode}";
        }

        await using var body = await response.Content.ReadAsStreamAsync(stall.Token).ConfigureAwait(false);
        Connections++;
        IngestLog.Opened(_logger, Url, $"HTTP {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType ?? "no content type"}");
        if (Connections > 1)
        {
            sink.OnSourceEvent(StreamSourceEvent.Restarted);
        }

        while (true)
        {
            stall.CancelAfter(_options.SilenceTimeout);
            var read = await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
            if (read == 0)
            {
                return "server closed the stream";
            }

            backoff.Reset();
            sink.OnData(buffer.AsSpan(0, read), _time.GetTimestamp());
        }
    }
}
