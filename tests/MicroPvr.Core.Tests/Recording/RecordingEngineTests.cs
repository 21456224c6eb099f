using MicroPvr.Core.Ingest;
using MicroPvr.Core.Recording;
using MicroPvr.TestKit;

namespace MicroPvr.Core.Tests.Recording;

public sealed class RecordingEngineTests
{
    [Fact]
    public async Task Recordings_of_one_source_share_one_receive_and_write_identical_copies()
    {
        using var dir = new TempDirectory("micropvr-engine");
        await using var engine = new RecordingEngine(new StreamSourceFactory());
        var url = $"file://{Fixtures.H264Aac}?loop=1";
        var ssd = dir.Combine("ssd", "ch_1", "c1_t1_1.ts");
        var hdd = dir.Combine("hdd", "ch_1", "c1_t1_2.ts");

        var both = await engine.StartAsync(new RecordingRequest(url, [ssd, hdd], 1), CancellationToken.None);
        Assert.Equal(1, engine.ActiveSources);
        Assert.True(await WaitAsync(() => both.Statistics.Keyframes >= 2));
        await both.DisposeAsync();
        Assert.Equal(0, engine.ActiveSources);

        Assert.Equal(await File.ReadAllBytesAsync(ssd), await File.ReadAllBytesAsync(hdd));
        var a = RecordingAssertions.AssertIndexPointsAtKeyframes(ssd);
        var b = RecordingAssertions.AssertIndexPointsAtKeyframes(hdd);
        Assert.Equal(a, b);
        Assert.True(both.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_second_request_for_the_same_source_joins_the_running_receive()
    {
        using var dir = new TempDirectory("micropvr-engine");
        await using var engine = new RecordingEngine(new StreamSourceFactory());
        var url = $"file://{Fixtures.H264Aac}?loop=1";

        var first = await engine.StartAsync(new RecordingRequest(url, [dir.Combine("a.ts")], 1), CancellationToken.None);
        var second = await engine.StartAsync(new RecordingRequest(url, [dir.Combine("b.ts")], 1), CancellationToken.None);
        Assert.Equal(1, engine.ActiveSources);
        Assert.True(await WaitAsync(() => second.Statistics.Keyframes >= 1));
        await first.DisposeAsync();
        Assert.Equal(1, engine.ActiveSources);
        await second.DisposeAsync();
        Assert.Equal(0, engine.ActiveSources);

        RecordingAssertions.AssertIndexPointsAtKeyframes(dir.Combine("b.ts"));
        await Assert.ThrowsAsync<InvalidSourceUrlException>(async () => await engine.StartAsync(new RecordingRequest("bogus://x", [dir.Combine("c.ts")], 1), CancellationToken.None));
        Assert.Equal(0, engine.ActiveSources);
    }

    [Fact]
    public async Task A_removed_location_ends_only_the_recording_that_writes_there()
    {
        using var dir = new TempDirectory("micropvr-engine");
        var options = new RecordWriterOptions { LocationCheckInterval = TimeSpan.FromMilliseconds(100) };
        await using var engine = new RecordingEngine(new StreamSourceFactory(), writerOptions: options);
        var url = $"file://{Fixtures.H264Aac}?loop=1";
        var lostPath = dir.Combine("lost", "ch_1", "c1_t1_1.ts");
        var keptPath = dir.Combine("kept", "ch_1", "c1_t1_2.ts");
        var lost = await engine.StartAsync(new RecordingRequest(url, [lostPath], 1), CancellationToken.None);
        var kept = await engine.StartAsync(new RecordingRequest(url, [keptPath], 1), CancellationToken.None);
        Assert.True(await WaitAsync(() => kept.Statistics.Keyframes >= 1 && File.Exists(lostPath)));

        // The file descriptor stays valid after its directory is gone: only the check notices.
        Directory.Delete(dir.Combine("lost"), recursive: true);
        Assert.True(await WaitAsync(() => lost.Completion.IsCompleted));
        var error = Assert.IsType<RecordLocationException>(lost.Completion.Exception?.GetBaseException());
        Assert.Equal(lostPath, error.Location);
        Assert.False(kept.Completion.IsCompleted);
        await lost.DisposeAsync();
        Assert.Equal(1, engine.ActiveSources);

        var before = kept.Statistics.Keyframes;
        Assert.True(await WaitAsync(() => kept.Statistics.Keyframes > before + 1));
        Assert.False(kept.Completion.IsCompleted);
        await kept.DisposeAsync();
        RecordingAssertions.AssertIndexPointsAtKeyframes(keptPath);
    }

    [Fact]
    public void The_probe_tells_a_writable_file_from_a_missing_one()
    {
        using var dir = new TempDirectory("micropvr-probe");
        var file = dir.Combine("a.ts");
        File.WriteAllBytes(file, [1, 2, 3]);

        Assert.Null(RecordLocationProbe.CheckFile(file));
        Assert.Null(RecordLocationProbe.CheckDirectory(dir.Path));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(file)); // the check writes nothing
        Assert.Single(Directory.GetFiles(dir.Path)); // and leaves nothing behind
        Assert.Contains("gone", RecordLocationProbe.CheckFile(dir.Combine("missing", "a.ts")), StringComparison.Ordinal);
        Assert.NotNull(RecordLocationProbe.CheckDirectory(dir.Combine("missing")));
    }

    private static async Task<bool> WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !condition())
        {
            await Task.Delay(50);
        }

        return condition();
    }
}
