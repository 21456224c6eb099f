namespace MicroPvr.EndToEnd.Tests.Bench;

/// <summary>
/// Runs each bench/*.sh script in smoke mode (a few seconds, tiny sizes) so the benchmark suite
/// never rots (issue 6 "Not in CI"): the script must exit 0 and print its figures as positive
/// numbers. No performance goal is asserted here; those belong to the full runs
/// (docs/performance.md). One class, so the scripts run one after the other.
/// </summary>
public sealed class BenchSmokeTests
{
    [Fact]
    public async Task Demux_smoke_measures_micropvr_and_ffmpeg_on_the_same_file()
    {
        var run = await BenchScriptRun.SmokeAsync("demux.sh");

        run.AssertPositive(
            "demux.ffmpeg.throughput", "demux.micropvr.throughput", "demux.micropvr_1316.throughput",
            "demux.ratio.throughput_micropvr_vs_ffmpeg");
        Assert.True(run.Figures.ContainsKey("demux.micropvr.allocated_per_packet"), run.Output);
    }
}
