using System.Net;
using System.Net.Http.Headers;
using MicroPvr.Core.Ingest.Http;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Ingest.Hls;

/// <summary>
/// HLS pull (`.m3u8` or `hls+http(s)://`, RFC 8216 §6.3): resolves a master playlist to its
/// highest-bandwidth variant, reloads the live media playlist and fetches every new segment once,
/// in order. Playlist errors back off and retry; a missing segment is skipped; a media-sequence
/// jump (packager restart, or falling behind) restarts from the playlist's live edge.
/// </summary>
public sealed class HlsStreamSource : IStreamSource
{
    // RFC 8216 §6.3.3: a client should not start closer than three target durations to the end.
    private const int StartSegmentsFromEnd = 3;
    private const int ReadBufferSize = 64 * 1024;

    private readonly Uri _playlistUri;
    private readonly IngestOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Uri? _mediaUri;
    private long _nextSequence = -1;

    public HlsStreamSource(string url, Uri playlistUri, IngestOptions options, TimeProvider time, ILogger logger)
    {
        Url = url;
        _playlistUri = playlistUri;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public string Url { get; }

    /// <summary>Segments fetched and passed on.</summary>
    public long SegmentsFetched { get; private set; }

    /// <summary>Segments skipped (errors, 404).</summary>
    public long SegmentsSkipped { get; private set; }

    public async Task RunAsync(IStreamSink sink, CancellationToken ct)
    {
        using var client = IngestHttp.CreateClient(_options);
        var buffer = new byte[ReadBufferSize];
        var backoff = new ReconnectBackoff(_options);
        var failures = 0;
        var endLogged = false;
        while (!ct.IsCancellationRequested)
        {
            var playlistUri = _mediaUri ?? _playlistUri;
            var playlist = await LoadPlaylistAsync(client, playlistUri, ct).ConfigureAwait(false);
            if (playlist is null)
            {
                // After repeated failures of a variant, go back to the master: it may have moved.
                if (++failures >= 3)
                {
                    _mediaUri = null;
                }

                await Task.Delay(backoff.Next(), _time, ct).ConfigureAwait(false);
                continue;
            }

            failures = 0;
            backoff.Reset();
            if (playlist.IsMaster)
            {
                _mediaUri = playlist.BestVariant!.Uri;
                IngestLog.Opened(_logger, Url, $"variant {_mediaUri} ({playlist.BestVariant.Bandwidth} bit/s)");
                continue;
            }

            var fetched = await FetchNewSegmentsAsync(client, playlist, buffer, sink, ct).ConfigureAwait(false);
            if (playlist.EndList && !endLogged && _nextSequence > LastSequence(playlist))
            {
                IngestLog.EndOfSource(_logger, Url);
                endLogged = true;
            }

            // §6.3.4: reload after the target duration, or half of it when the playlist had nothing new.
            var target = TimeSpan.FromSeconds(Math.Max(playlist.TargetDurationSeconds, 0.5));
            await Task.Delay(fetched > 0 ? target : target / 2, _time, ct).ConfigureAwait(false);
        }

        ct.ThrowIfCancellationRequested();
    }

    private static long LastSequence(HlsPlaylist playlist) => playlist.MediaSequence + playlist.Segments.Count - 1;

    private async Task<HlsPlaylist?> LoadPlaylistAsync(HttpClient client, Uri uri, CancellationToken ct)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.SilenceTimeout, _time);
            using var link = ct.Register(static s => ((CancellationTokenSource)s!).Cancel(), timeout);
            using var response = await client.GetAsync(uri, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                IngestLog.PlaylistFailed(_logger, Url, uri.ToString(), $"HTTP {(int)response.StatusCode}");
                return null;
            }

            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            var playlist = HlsPlaylist.Parse(text, response.RequestMessage?.RequestUri ?? uri);
            if (playlist is null || (!playlist.IsMaster && playlist.Encrypted))
            {
                IngestLog.PlaylistFailed(_logger, Url, uri.ToString(), playlist is null ? "not an M3U8 playlist" : "encrypted segments are not supported");
                return null;
            }

            return playlist;
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            IngestLog.PlaylistFailed(_logger, Url, uri.ToString(), e is OperationCanceledException ? "timed out" : e.Message);
            return null;
        }
    }

    private async Task<int> FetchNewSegmentsAsync(HttpClient client, HlsPlaylist playlist, byte[] buffer, IStreamSink sink, CancellationToken ct)
    {
        if (playlist.Segments.Count == 0)
        {
            return 0;
        }

        var first = playlist.MediaSequence;
        var last = LastSequence(playlist);
        var liveEdgeStart = Math.Max(first, last - StartSegmentsFromEnd + 1);
        if (_nextSequence < 0)
        {
            _nextSequence = playlist.EndList ? first : liveEdgeStart;
        }
        else if (_nextSequence < first || _nextSequence > last + 1)
        {
            // Segments we have not fetched left the window, or the sequence went back (restart).
            IngestLog.MediaSequenceJump(_logger, Url, _nextSequence, first);
            _nextSequence = _nextSequence < first ? first : liveEdgeStart;
            sink.OnSourceEvent(StreamSourceEvent.Restarted);
        }

        var fetched = 0;
        while (_nextSequence <= last && !ct.IsCancellationRequested)
        {
            var segment = playlist.Segments[(int)(_nextSequence - first)];
            if (segment.Discontinuity && SegmentsFetched > 0)
            {
                sink.OnSourceEvent(StreamSourceEvent.Restarted);
            }

            if (await FetchSegmentAsync(client, segment, buffer, sink, ct).ConfigureAwait(false))
            {
                SegmentsFetched++;
                fetched++;
            }
            else
            {
                SegmentsSkipped++;
            }

            _nextSequence++;
        }

        return fetched;
    }

    private async Task<bool> FetchSegmentAsync(HttpClient client, HlsSegment segment, byte[] buffer, IStreamSink sink, CancellationToken ct)
    {
        try
        {
            using var stall = new CancellationTokenSource(_options.SilenceTimeout, _time);
            using var link = ct.Register(static s => ((CancellationTokenSource)s!).Cancel(), stall);
            using var request = new HttpRequestMessage(HttpMethod.Get, segment.Uri);
            if (segment.RangeLength >= 0)
            {
                request.Headers.Range = new RangeHeaderValue(segment.RangeOffset, segment.RangeOffset + segment.RangeLength - 1);
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stall.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                IngestLog.SegmentSkipped(_logger, Url, segment.Uri.ToString(), $"HTTP {(int)response.StatusCode}");
                return false;
            }

            await using var body = await response.Content.ReadAsStreamAsync(stall.Token).ConfigureAwait(false);
            while (true)
            {
                stall.CancelAfter(_options.SilenceTimeout);
                var read = await body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return true;
                }

                sink.OnData(buffer.AsSpan(0, read), _time.GetTimestamp());
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            IngestLog.SegmentSkipped(_logger, Url, segment.Uri.ToString(), e is OperationCanceledException ? "timed out" : e.Message);
            return false;
        }
    }
}
