using System.Text.Json.Nodes;
using MicroPvr.Core.Recording;
using MicroPvr.EndToEnd.Tests.Api;
using MicroPvr.EndToEnd.Tests.Daemon;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>
/// One real daemon recording one channel for all player-URL tests: ffmpeg encodes a test pattern
/// live (H.264 with a 2 s GOP, AAC) and sends it to a random loopback multicast group; the task is
/// created through JSON-RPC; the tests start once 20 s are indexed.
/// </summary>
public sealed class PlayerUrlFixture : IAsyncLifetime
{
    public const int ChannelId = 31;
    public const string ChannelName = "Player Test";
    /// <summary>Keyframe interval of the fixture.</summary>
    public const double GopSeconds = 2.0;
    /// <summary>records-default-segment-size used by the daemon (player playlists cap it at 10 s).</summary>
    public const int SegmentSeconds = 4;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private DaemonProcess? _daemon;
    private LiveSource? _source;

    public DaemonProcess Daemon => _daemon ?? throw new InvalidOperationException("not started");
    public HttpClient Http { get; private set; } = null!;
    /// <summary>UTC of the first keyframe of the record (unix ms).</summary>
    public long FirstKeyframeMs { get; private set; }
    public string RecordPath { get; private set; } = "";

    /// <summary>The record's keyframe index as it is on disk now.</summary>
    public IndexEntry[] Index() => RecordsOnDisk.Index(RecordPath);

    public async Task InitializeAsync()
    {
        _daemon = await DaemonProcess.StartAsync(new Dictionary<string, JsonNode?>
        {
            ["task-postpone-time"] = 2,
            ["records-checking-period"] = 2,
            ["records-default-segment-size"] = SegmentSeconds,
        });
        await MiddlewareClient.WaitListeningAsync(_daemon.RpcPort);
        // A live encode rather than a looped file: a copied loop breaks H.264 reference frames and
        // audio timestamps at every wrap, which a decode-error check would blame on us.
        _source = new LiveSource();
        await new RecordingTask(ChannelId, ChannelName, _daemon.RecordsDir, _source.TaskUrl).CreateAsync(_daemon.RpcPort);

        if (!await RecordsOnDisk.WaitAsync(
            () => RecordsOnDisk.Files(_daemon.RecordsDir, ChannelId) is [var f] && RecordsOnDisk.IndexedSeconds(f) >= 20, Patience))
        {
            throw new InvalidOperationException($"no 20 s of indexed recording. ffmpeg: {_source.Errors}\nDaemon:\n{_daemon.Output}");
        }

        RecordPath = RecordsOnDisk.Files(_daemon.RecordsDir, ChannelId)[0];
        FirstKeyframeMs = Index()[0].UtcMilliseconds;
        Http = new HttpClient { BaseAddress = _daemon.HttpBase, Timeout = TimeSpan.FromSeconds(90) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        _source?.Dispose();
        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }
    }
}
