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
    public async Task Ingest_smoke_records_with_the_daemon_ffmpeg_and_socat_and_prints_ratios()
    {
        // The daemon with one JSON-RPC task per channel, as operators run it. Every window of the
        // script ends on counts (bytes written, CPU ticks used), not only on the clock, so a
        // starved recorder on a loaded machine still gives figures.
        var run = await BenchScriptRun.SmokeAsync("ingest.sh");

        run.AssertPositive(
            "ingest.input_rate", "ingest.socat.written_rate", "ingest.micropvr.written_rate",
            "ingest.ffmpeg.peak_rss", "ingest.micropvr.peak_rss", "ingest.micropvr.cpu_seconds",
            "ingest.micropvr.cores_per_gbit");
        Assert.Contains("create_new_task calls", run.Output, StringComparison.Ordinal);
        Assert.True(run.Figures.ContainsKey("ingest.micropvr.cc_errors"), run.Output);
        Assert.True(run.Figures.ContainsKey("ingest.micropvr.socket_drops"), run.Output);
        Assert.True(run.Figures.ContainsKey("ingest.ffmpeg.written_rate"), run.Output);
    }

    [Fact]
    public async Task Ingest_ramp_smoke_raises_the_replayers_rate_on_the_daemon_and_reports_the_zero_loss_rate()
    {
        var run = await BenchScriptRun.SmokeAsync("ingest.sh", "--ramp-only");

        run.AssertPositive(
            "ingest.ramp.zero_loss_rate", "ingest.ramp.gbit_per_core", "ingest.ramp.peak_rss",
            "ingest.ramp.rss_per_gbit", "ingest.ramp.sender_max_rate");
        Assert.True(run.Figures.ContainsKey("ingest.ramp.generator_limited"), run.Output);
        // ts-replay continues the continuity counters across loops and steps, and the smoke rates
        // (a few Mbit/s into 8 MB socket buffers) are far below any loss: every packet is recorded.
        Assert.True(run.Figures["ingest.ramp.cc_errors"].Value == 0, $"CC errors in the ramp's recordings:\n{run.Output}");
        Assert.Equal(0, run.Figures["ingest.ramp.socket_drops"].Value);
        Assert.Equal(0, run.Figures["ingest.ramp.quota_applied"].Value);
        Assert.Contains("# ramp ceiling: ", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ingest.socat.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_ramp_smoke_under_a_cpu_quota_runs_the_daemon_in_a_cgroup_or_says_why_it_cannot()
    {
        // The quota needs root and a writable CPU controller (a container mounts cgroups read-only).
        // Where the test itself can make a group, the script must have made one; elsewhere it must
        // say why not and still measure the ramp without a quota.
        var canQuota = CpuQuotaProbe.CanCreateCpuGroup(out var probeWhy);
        var run = await BenchScriptRun.SmokeAsync("ingest.sh", "--cpu-quota", "0.1");

        run.AssertPositive("ingest.ramp.zero_loss_rate", "ingest.ramp.gbit_per_core", "ingest.ramp.peak_rss");
        Assert.Equal(0, run.Figures["ingest.ramp.cc_errors"].Value);
        Assert.DoesNotContain("ingest.socat.", run.Output, StringComparison.Ordinal);
        if (!canQuota)
        {
            Assert.Equal(0, run.Figures["ingest.ramp.quota_applied"].Value);
            Assert.Contains("# cpu quota: SKIPPED: ", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("ingest.ramp.cpu_quota", run.Output, StringComparison.Ordinal);
            return;
        }

        Assert.True(run.Figures["ingest.ramp.quota_applied"].Value == 1, $"the test could make a CPU group ({probeWhy}), the script did not:\n{run.Output}");
        Assert.Equal(0.1, run.Figures["ingest.ramp.cpu_quota"].Value);
        // The kernel counts a CFS period only for a group with a quota and runnable tasks: the daemon ran in it.
        run.AssertPositive("ingest.ramp.quota_periods");
        Assert.Contains("/proc/<pid>/cgroup checked", run.Output, StringComparison.Ordinal);
        var removed = run.Output.Split('\n').Single(line => line.StartsWith("# cpu quota: removed the cgroup ", StringComparison.Ordinal));
        var group = removed["# cpu quota: removed the cgroup ".Length..].TrimEnd('\r');
        Assert.False(Directory.Exists(group), $"{group} is still there");
    }

    [Fact]
    public async Task Delivery_smoke_serves_a_daemon_recording_over_pvr_and_ts_and_compares_with_nginx_when_installed()
    {
        // nginx and wrk are optional in a smoke run (nothing is installed): without wrk the
        // script loads our side with its own generator, without nginx it prints no ratio.
        var run = await BenchScriptRun.SmokeAsync("delivery.sh");

        run.AssertPositive(
            "delivery.micropvr_pvr.c10.throughput", "delivery.micropvr_pvr.c10.cpu_per_gb",
            "delivery.micropvr_ts.c10.throughput", "delivery.micropvr_ts.c10.cpu_per_gb",
            "delivery.micropvr_seg.c10.throughput", "delivery.micropvr_tsabs.c10.throughput");
        Assert.True(run.Figures.ContainsKey("delivery.micropvr_pvr.c10.errors"), run.Output);
        if (run.Output.Contains("# tool: nginx version", StringComparison.Ordinal))
        {
            run.AssertPositive("delivery.nginx.c10.throughput", "delivery.ratio.c10.throughput_micropvr_pvr_vs_nginx");
        }
    }

    [Fact]
    public async Task Delivery_smoke_without_wrk_and_nginx_still_measures_our_side()
    {
        var run = await BenchScriptRun.SmokeAsync("delivery.sh", "--no-wrk", "--no-nginx", "--levels", "4");

        run.AssertPositive("delivery.micropvr_pvr.c4.throughput", "delivery.micropvr_ts.c4.throughput");
        Assert.Contains("http-load", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Figures.Keys, name => name.StartsWith("delivery.nginx.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Seek_smoke_times_ts_and_get_file_and_offset_over_a_synthesised_archive()
    {
        var run = await BenchScriptRun.SmokeAsync("seek.sh");

        run.AssertPositive(
            "seek.synth.index_entries", "seek.ts_ttfb.p50", "seek.ts_ttfb.p99", "seek.ts_ttfb.samples",
            "seek.get_file_and_offset.p50", "seek.get_file_and_offset.p99");
        Assert.Equal(0, run.Figures["seek.ts_ttfb.failures"].Value);
        Assert.Equal(0, run.Figures["seek.get_file_and_offset.failures"].Value);
    }

    [Fact]
    public async Task Playlists_smoke_runs_the_playlist_benchmark_and_fetches_playlists_over_http()
    {
        var run = await BenchScriptRun.SmokeAsync("playlists.sh");

        run.AssertPositive(
            "playlists.bdn.playlist.planandwrite.4h.mean", "playlists.bdn.4h.size", "playlists.bdn.4h.segments",
            "playlists.4h.playlist.p50", "playlists.4h.size", "playlists.4h.segments");
    }
}
