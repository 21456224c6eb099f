using System.Diagnostics;
using System.Text;

namespace MicroPvr.TestKit;

/// <summary>
/// Runs ffmpeg and ffprobe for tests, always bounded in time. Finished runs return a
/// <see cref="ProcessResult"/>; long-running ones (streaming to a socket) return a
/// <see cref="FfmpegProcess"/> that kills the process tree on dispose.
/// </summary>
public static class Ffmpeg
{
    public static string FfmpegPath => Environment.GetEnvironmentVariable("MICROPVR_FFMPEG") ?? "ffmpeg";

    public static string FfprobePath => Environment.GetEnvironmentVariable("MICROPVR_FFPROBE") ?? "ffprobe";

    /// <summary>Default bound for a finished run: generous, the machine may be loaded.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Runs ffmpeg with the arguments (quiet banner, no stdin) and waits for it.</summary>
    public static Task<ProcessResult> RunAsync(IEnumerable<string> args, TimeSpan? timeout = null, CancellationToken ct = default) =>
        RunToolAsync(FfmpegPath, ["-hide_banner", "-nostdin", .. args], timeout, ct);

    /// <summary>Runs ffprobe with the arguments and waits for it.</summary>
    public static Task<ProcessResult> ProbeAsync(IEnumerable<string> args, TimeSpan? timeout = null, CancellationToken ct = default) =>
        RunToolAsync(FfprobePath, ["-hide_banner", .. args], timeout, ct);

    /// <summary>
    /// Keyframes of the first video stream of a file as ffprobe sees them: (pts, byte pos) of
    /// every packet flagged K, in file order.
    /// </summary>
    public static async Task<IReadOnlyList<(long Pts, long Pos)>> ProbeVideoKeyframesAsync(string file, CancellationToken ct = default)
    {
        var result = await ProbeAsync(
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts,pos,flags", "-of", "csv=p=0", file],
            ct: ct);
        result.EnsureSuccess("ffprobe keyframes");
        var list = new List<(long, long)>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(',');
            if (parts.Length >= 3 && parts[2].Contains('K') && long.TryParse(parts[0], out var pts) && long.TryParse(parts[1], out var pos))
            {
                list.Add((pts, pos));
            }
        }

        return list;
    }

    /// <summary>Starts ffmpeg in the background (e.g. streaming to UDP); dispose to stop it.</summary>
    public static FfmpegProcess Start(IEnumerable<string> args) => new(FfmpegPath, ["-hide_banner", "-nostdin", "-loglevel", "error", .. args]);

    private static async Task<ProcessResult> RunToolAsync(string tool, IEnumerable<string> args, TimeSpan? timeout, CancellationToken ct)
    {
        using var process = new Process { StartInfo = CreateStartInfo(tool, args) };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout ?? DefaultTimeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
        }

        // WaitForExitAsync also waits for the redirected streams to reach EOF.
        return new ProcessResult(process.ExitCode, Locked(stdout), Locked(stderr), timedOut);
    }

    internal static ProcessStartInfo CreateStartInfo(string tool, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    internal static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited between the check and the kill.
        }
    }

    private static string Locked(StringBuilder sb)
    {
        lock (sb)
        {
            return sb.ToString();
        }
    }
}
