using System.Net;
using System.Text.Json.Nodes;
using MicroPvr.Catalog.Sqlite;
using MicroPvr.Core.Catalog;
using MicroPvr.Core.Monitoring;
using MicroPvr.Core.Storage;
using MicroPvr.Core.Tasks;
using MicroPvr.Server.Delivery;
using MicroPvr.Server.Delivery.Flussonic;
using MicroPvr.Server.Tests.JsonRpc;
using MicroPvr.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MicroPvr.Server.Tests.Delivery;

/// <summary>
/// The player-URL endpoints on a real Kestrel socket over a real SQLite catalog (no recording):
/// channel resolution by id and name, 400/404 answers, the rel redirect, the M3U, accounting.
/// </summary>
public sealed class PlayerUrlRoutingTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("micropvr-player-urls");
    private readonly InMemoryServices _storage = new();
    private SqliteCatalog _catalog = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _catalog = new SqliteCatalog(new SqliteCatalogOptions { DatabasePath = _dir.Combine("catalog.db") }, NullLogger<SqliteCatalog>.Instance);
        await _catalog.AddTaskAsync(Task(5, "News HD"));
        await _catalog.AddTaskAsync(Task(6, null));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<ICatalog>(_catalog);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IStorageManager>(_storage);
        builder.Services.AddMicroPvrPlayerUrls();
        _app = builder.Build();
        _app.MapMicroPvrDelivery();
        _app.MapMicroPvrPlayerUrls();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address + "/") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        _catalog.Dispose();
        _storage.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("5/recording_status.json")]
    [InlineData("News%20HD/recording_status.json")]
    [InlineData("news%20hd/recording_status.json")]
    [InlineData("6/recording_status.json")]
    public async Task A_channel_is_found_by_id_or_name(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Single()!;
        Assert.Empty(entry["ranges"]!.AsArray());
        Assert.Equal(path.StartsWith('6') ? 6 : 5, (int)entry["channel_id"]!);
    }

    [Theory]
    [InlineData("7/mpegts", HttpStatusCode.NotFound)] // unknown id
    [InlineData("News/index.m3u8", HttpStatusCode.NotFound)] // unknown name
    [InlineData("5/mpegts", HttpStatusCode.NotFound)] // known, not recording
    [InlineData("5/index.m3u8", HttpStatusCode.NotFound)]
    [InlineData("5/timeshift_abs-1700000000.ts", HttpStatusCode.NotFound)] // nothing recorded
    [InlineData("5/archive-1700000000-60.m3u8", HttpStatusCode.NotFound)]
    [InlineData("5/seg-1-0-188.ts", HttpStatusCode.NotFound)]
    [InlineData("5/favicon.ico", HttpStatusCode.NotFound)]
    [InlineData("5/timeshift_abs-12x.ts", HttpStatusCode.BadRequest)]
    [InlineData("5/archive-1700000000-0.m3u8", HttpStatusCode.BadRequest)]
    [InlineData("5/mpegts?utc=yesterday", HttpStatusCode.BadRequest)]
    [InlineData("5/index.m3u8?utc=1700000000&lutc=x", HttpStatusCode.BadRequest)]
    [InlineData("5/recording_status.json?from=2&to=1", HttpStatusCode.BadRequest)]
    [InlineData("7/timeshift_abs-12x.ts", HttpStatusCode.BadRequest)] // the name is checked before the channel
    [InlineData("channels.m3u?catchup=xc", HttpStatusCode.BadRequest)]
    [InlineData("channels.m3u?format=dash", HttpStatusCode.BadRequest)]
    public async Task Bad_input_is_answered_with_a_reason(string path, HttpStatusCode expected)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Timeshift_rel_playlist_redirects_to_the_absolute_form_with_prefix_and_query()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var response = await _http.GetAsync("News%20HD/mono-timeshift_rel-0600.m3u8?aid=a%20b");
        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("mono-timeshift_abs-", location);
        Assert.EndsWith(".m3u8?aid=a%20b", location);
        var target = long.Parse(location["mono-timeshift_abs-".Length..location.IndexOf('.', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(target, before - 600, after - 600);
    }

    [Fact]
    public async Task Channel_list_names_every_channel_with_the_request_host()
    {
        var text = await _http.GetStringAsync("channels.m3u?catchup=shift&format=ts");
        var host = _http.BaseAddress!.AbsoluteUri;
        Assert.Contains($"tvg-id=\"5\" tvg-name=\"News HD\" catchup=\"shift\" catchup-days=\"0\",News HD\n{host}5/mpegts\n", text);
        Assert.Contains($"tvg-id=\"6\" tvg-name=\"Channel 6\"", text);
    }

    [Fact]
    public async Task Requests_are_accounted_with_channel_aid_and_success()
    {
        var statistics = _app.Services.GetRequiredService<RequestStatistics>();
        var before = statistics.GetCounters();
        (await _http.GetAsync("5/mpegts?aid=box-1")).Dispose();
        (await _http.GetAsync("7/mpegts?aid=box-2")).Dispose();
        (await _http.GetAsync("6/recording_status.json?aid=box-3")).Dispose();
        var after = statistics.GetCounters();
        Assert.Equal(before.Overall + 2, after.Overall); // recording_status carries no media: not counted
        Assert.Equal(before.Successful, after.Successful);
        Assert.Equal(1, statistics.GetChannelClientCount(5));
        Assert.Equal(1, statistics.GetChannelClientCount(7));
        Assert.Equal(0, statistics.GetChannelClientCount(6));
    }

    private static RecordingTask Task(int channel, string? name) => new()
    {
        ChannelId = channel,
        ChannelName = name,
        StreamSource = "udp://@239.1.1.1:1234",
        Start = DateTimeOffset.UtcNow.AddHours(1),
        Duration = TimeSpan.FromHours(1),
        Lifetime = TimeSpan.FromDays(1),
        RecordLocation = "/tmp/pvr",
    };
}
