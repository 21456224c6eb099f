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

    [Fact]
    public async Task Ingest_smoke_records_with_micropvr_ffmpeg_and_socat_and_prints_ratios()
    {
        // The standalone recorder (`micropvr record`, one process per channel): the daemon's
        // task wiring is measured by the script's default --mode daemon.
        var run = await BenchScriptRun.SmokeAsync("ingest.sh", "--mode", "record");

        run.AssertPositive(
            "ingest.input_rate", "ingest.socat.written_rate", "ingest.micropvr.written_rate",
            "ingest.ffmpeg.peak_rss", "ingest.micropvr.peak_rss", "ingest.micropvr.cpu_seconds");
        Assert.True(run.Figures.ContainsKey("ingest.micropvr.cc_errors"), run.Output);
        Assert.True(run.Figures.ContainsKey("ingest.ffmpeg.written_rate"), run.Output);
    }
}
