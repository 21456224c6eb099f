using System.Diagnostics;
using System.Globalization;

namespace MicroPvr.TestKit;

/// <summary>
/// Mounts for one daemon only: the daemon runs in its own user and mount namespace
/// (`unshare --user --map-root-user --mount`), where it is root over its own mounts, so a test can
/// give it a size-limited tmpfs or a read-only bind mount as root or as a normal user alike (a
/// chmod does not stop root). The mounts are private: the host never sees them and they vanish
/// with the daemon, even when a test crashes. Mount commands enter the namespace with nsenter;
/// files on those mounts are read through <c>/proc/&lt;pid&gt;/root</c>.
/// </summary>
public static class PrivateMounts
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The launcher for <see cref="DaemonProcess.StartAsync"/> (unshare execs the daemon: same pid).</summary>
    public static IReadOnlyList<string> Launcher { get; } = ["unshare", "--user", "--map-root-user", "--mount", "--propagation", "private"];

    /// <summary>Runs a shell script inside the mount namespace of <paramref name="pid"/>; throws with its output when it fails.</summary>
    public static async Task RunAsync(int pid, string script)
    {
        var info = new ProcessStartInfo("nsenter")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--target", pid.ToString(CultureInfo.InvariantCulture), "--user", "--mount", "--preserve-credentials", "sh", "-ec", script })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"nsenter did not finish in {CommandTimeout.TotalSeconds} s: {script}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"in the namespace of {pid}: `{script}` exited with {process.ExitCode}: {await stdout}{await stderr}");
        }
    }

    /// <summary>Mounts a tmpfs of <paramref name="sizeKiB"/> KiB on <paramref name="directory"/> for the daemon only.</summary>
    public static Task MountTmpfsAsync(int pid, string directory, int sizeKiB) =>
        RunAsync(pid, $"mount -t tmpfs -o size={sizeKiB.ToString(CultureInfo.InvariantCulture)}k micropvr-test {Quote(directory)}");

    /// <summary>Makes <paramref name="directory"/> read-only for the daemon (a read-only bind mount over itself).</summary>
    public static Task MakeReadOnlyAsync(int pid, string directory) =>
        RunAsync(pid, $"mount --bind {Quote(directory)} {Quote(directory)}; mount -o remount,bind,ro {Quote(directory)}");

    /// <summary>Removes the mount on <paramref name="directory"/> (the read-only bind: writable again).</summary>
    public static Task UnmountAsync(int pid, string directory) => RunAsync(pid, $"umount {Quote(directory)}");

    /// <summary>The path through which this process sees <paramref name="path"/> as the daemon sees it (its mounts included).</summary>
    public static string Inside(int pid, string path) => $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/root{path}";

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
