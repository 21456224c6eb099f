using MicroPvr.Core.Storage;
using MicroPvr.TestKit;

namespace MicroPvr.EndToEnd.Tests.Delivery;

/// <summary>
/// One daemon shared by <see cref="ZeroCopyDeliveryTests"/>: a record directory reachable under its
/// nickname (the link a task would have made) holding a large record (several send chunks) and a
/// small one, made of the committed H.264/AAC fixture.
/// </summary>
public sealed class ZeroCopyDaemon : IAsyncLifetime
{
    public const int ChannelId = 7;

    private DaemonProcess? _daemon;

    public DaemonProcess Daemon => _daemon ?? throw new InvalidOperationException("not started");

    public string Nickname { get; private set; } = "";

    /// <summary>~12.5 MB: more than three 4 MiB chunks of the fast path and than loopback buffers hold.</summary>
    public string BigPath { get; private set; } = "";

    public string SmallPath { get; private set; } = "";

    public byte[] Big { get; private set; } = [];

    public byte[] Small { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _daemon = await DaemonProcess.StartAsync();
        var channelDir = Directory.CreateDirectory(Path.Combine(Daemon.RecordsDir, $"ch_{ChannelId}")).FullName;
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 7200;
        Small = await File.ReadAllBytesAsync(Fixtures.H264Aac);
        Big = [.. Enumerable.Repeat(Small, 32).SelectMany(b => b)];
        SmallPath = Path.Combine(channelDir, $"c{ChannelId}_t{start + 3600}_1.ts");
        BigPath = Path.Combine(channelDir, $"c{ChannelId}_t{start}_1.ts");
        await File.WriteAllBytesAsync(SmallPath, Small);
        await File.WriteAllBytesAsync(BigPath, Big);
        Nickname = DirectoryNickname.Compute(Daemon.RecordsDir);
        var linkDir = Directory.CreateDirectory(Path.Combine(Daemon.RootDir, "links")).FullName;
        var link = Path.Combine(linkDir, Nickname);
        if (!Path.Exists(link))
        {
            File.CreateSymbolicLink(link, Daemon.RecordsDir);
        }
    }

    /// <summary>The URL path of a file under the record directory.</summary>
    public string UrlOf(string path) => $"/pvr/{Nickname}/{Path.GetRelativePath(Daemon.RecordsDir, path)}";

    public async Task DisposeAsync()
    {
        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }
    }
}
