using MicroPvr.Core.Catalog;
using MicroPvr.Core.Configuration;
using MicroPvr.Core.Delivery;
using MicroPvr.Core.Monitoring;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Delivery.Flussonic;

/// <summary>
/// Serves the player-compatible URLs of compat spec §11 (<c>/CHANNEL/FILE</c>, Flussonic style)
/// over the same archive core as /ts: live edge, timeshift, archive windows as HLS without byte
/// ranges or as one MPEG-TS, and the recorded ranges. Every content request is accounted
/// (channel, aid, success, near_end; bytes as they are sent). docs/player-urls.md.
/// </summary>
internal sealed partial class PlayerUrlHandler
{
    /// <summary>Longest segment of player playlists: short enough for live latency and seeking.</summary>
    private const int MaxPlayerSegmentSeconds = 10;

    private readonly ArchiveTimeline _timeline;
    private readonly ArchiveWindowPlanner _planner;
    private readonly PlayerTsPlanner _ts;
    private readonly LiveWindowPlanner _live;
    private readonly ICatalog _catalog;
    private readonly ChannelDirectory _channels;
    private readonly RecordingCoverage _coverage;
    private readonly RequestStatistics _statistics;
    private readonly Func<MicroPvrOptions> _options;
    private readonly ILogger<ArchiveStreamer> _streamLog;
    private readonly ILogger _log;

    public PlayerUrlHandler(ArchiveTimeline timeline, ICatalog catalog, ChannelDirectory channels, RecordingCoverage coverage, RequestStatistics statistics,
        Func<MicroPvrOptions> options, ILogger<ArchiveStreamer> streamLog, ILogger<PlayerUrlHandler> log, PlayerTsPlanner? ts = null)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(coverage);
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(streamLog);
        ArgumentNullException.ThrowIfNull(log);
        _timeline = timeline;
        _planner = new ArchiveWindowPlanner(timeline);
        _ts = ts ?? new PlayerTsPlanner(timeline, catalog);
        _live = new LiveWindowPlanner(catalog, timeline.Indexes, timeline.Time, logger: log);
        _catalog = catalog;
        _channels = channels;
        _coverage = coverage;
        _statistics = statistics;
        _options = options;
        _streamLog = streamLog;
        _log = log;
    }

    private DateTimeOffset Now => _timeline.Time.GetUtcNow();

    /// <summary>Longest segment: records-default-segment-size, but at most 10 s (player playlists are not bound by compat spec §6).</summary>
    private TimeSpan MaxSegment => TimeSpan.FromSeconds(Math.Clamp(_options().RecordsDefaultSegmentSizeSeconds, 1, MaxPlayerSegmentSeconds));

    /// <summary><c>GET /{channel}/{file}</c>.</summary>
    public async Task HandleAsync(HttpContext http, string channelText, string file)
    {
        ArgumentNullException.ThrowIfNull(http);
        var parse = FlussonicUrl.Parse(file, out var url);
        if (parse == FlussonicParse.NotPlayerUrl)
        {
            await RejectAsync(http, StatusCodes.Status404NotFound, "not a player URL");
            return;
        }

        var request = http.Request;
        if (parse == FlussonicParse.BadNumber
            || !QueryValues.TryOptionalLong(request, "utc", out var utc) || utc is < 0 or > QueryValues.MaxUnixSeconds
            || !QueryValues.TryOptionalLong(request, "lutc", out var lutc) || lutc is < 0 or > QueryValues.MaxUnixSeconds)
        {
            await RejectAsync(http, StatusCodes.Status400BadRequest, "malformed number");
            return;
        }

        _ = lutc; // The player's "now": ours is authoritative, lutc is only validated.
        url = url.Shifted(utc);

        var channel = await _channels.ResolveAsync(channelText, http.RequestAborted);
        if (channel is null)
        {
            if (QueryValues.TryPathNumber(channelText, out var id) && id is > 0 and <= int.MaxValue)
            {
                _statistics.RecordRequest((int)id, Aid(request), successful: false, nearEnd: false);
            }

            await RejectAsync(http, StatusCodes.Status404NotFound, "unknown channel");
            return;
        }

        LogRequest(_log, request.Path.Value ?? "", url.Kind.ToString(), channel.Id);
        switch (url.Kind)
        {
            case FlussonicKind.LiveTs or FlussonicKind.TimeshiftTs or FlussonicKind.ArchiveTs:
                await TsStreamAsync(http, channel, url);
                break;
            case FlussonicKind.Segment:
                await SegmentAsync(http, channel, url);
                break;
            case FlussonicKind.LiveHls:
                await LiveHlsAsync(http, channel);
                break;
            case FlussonicKind.TimeshiftHls:
                await TimeshiftHlsAsync(http, channel, FromUnix(url.From));
                break;
            case FlussonicKind.TimeshiftRelHls:
                await RedirectRelativeAsync(http, file, url.Seconds);
                break;
            case FlussonicKind.ArchiveHls:
                await ArchiveHlsAsync(http, channel, FromUnix(url.From), TimeSpan.FromSeconds(url.Seconds));
                break;
            case FlussonicKind.RecordingStatus:
                await RecordingStatusAsync(http, channelText, channel);
                break;
        }
    }

    private static DateTimeOffset FromUnix(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);

    private static string? Aid(HttpRequest request)
    {
        var aid = request.Query["aid"].ToString();
        return string.IsNullOrEmpty(aid) ? null : aid;
    }

    /// <summary>Accounts a content request that failed (compat spec §5): channel, aid, near_end.</summary>
    private void Refused(HttpContext http, PlayerChannel channel, DateTimeOffset? requested) =>
        _statistics.RecordRequest(channel.Id, Aid(http.Request), successful: false, requested is { } at && _statistics.IsNearEnd(at));

    /// <summary>
    /// Accounts a content request being served (compat spec §5): counted as successful (near_end
    /// when <paramref name="requested"/> is within 180 s of now; null = the live edge), its aid
    /// counted for the channel, and a session until the result is disposed; its bytes go through it.
    /// </summary>
    private DeliverySession Serving(HttpContext http, PlayerChannel channel, DateTimeOffset? requested) =>
        _statistics.BeginContentRequest(channel.Id, Aid(http.Request), requested);

    /// <summary>Where a stream or window starting at <paramref name="at"/> begins (<see cref="PlayerTsPlanner.StartNearestAsync"/>).</summary>
    private ValueTask<ArchiveSpan?> StartNearestAsync(int channelId, DateTimeOffset at, CancellationToken ct) => _ts.StartNearestAsync(channelId, at, ct);

    private async Task RejectAsync(HttpContext http, int status, string reason)
    {
        LogRejected(_log, http.Request.Path.Value ?? "", status, reason);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(reason + "\n", http.RequestAborted);
    }

    /// <summary>Runs a copy to the client; a client that hangs up is not an error.</summary>
    private static async Task<bool> SendAsync(HttpContext http, Func<CancellationToken, Task> send)
    {
        try
        {
            await send(http.RequestAborted);
            return true;
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return false;
        }
        catch (IOException) when (http.RequestAborted.IsCancellationRequested)
        {
            return false;
        }
        catch (ClientGoneException)
        {
            return false;
        }
    }
}
