namespace MicroPvr.EndToEnd.Tests.Bench;

/// <summary>
/// Whether this machine lets the test run make a CPU-limited cgroup, checked by making (and
/// removing) one, independently of bench/cpu-quota.sh: root, and a writable cgroup v1 `cpu`
/// hierarchy or cgroup v2 with the cpu controller enabled for the root's children.
/// </summary>
internal static class CpuQuotaProbe
{
    public static bool CanCreateCpuGroup(out string why)
    {
        if (!IsRoot())
        {
            why = "not root";
            return false;
        }

        string parent;
        if (File.Exists("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"))
        {
            parent = "/sys/fs/cgroup/cpu";
        }
        else if (ReadWords("/sys/fs/cgroup/cgroup.controllers").Contains("cpu"))
        {
            parent = "/sys/fs/cgroup";
            // As the script does: the root's children get the cpu controller (refused in a
            // container whose cgroup namespace root holds processes).
            if (!ReadWords("/sys/fs/cgroup/cgroup.subtree_control").Contains("cpu") && !TryWrite("/sys/fs/cgroup/cgroup.subtree_control", "+cpu"))
            {
                why = "cgroup v2: cannot enable the cpu controller in /sys/fs/cgroup/cgroup.subtree_control";
                return false;
            }
        }
        else
        {
            why = "no cgroup v1 cpu hierarchy at /sys/fs/cgroup/cpu and no cpu controller in cgroup v2";
            return false;
        }

        var probe = Path.Combine(parent, $"micropvr-test-probe-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = $"cannot create {probe}: {e.Message}";
            return false;
        }

        why = $"created and removed {probe}";
        return true;
    }

    private static bool IsRoot()
    {
        // /proc/self/status "Uid: real effective saved fs": the effective uid decides.
        var uid = File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal));
        var fields = uid?.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: >= 3 } && fields[2] == "0";
    }

    private static bool TryWrite(string path, string text)
    {
        try
        {
            File.WriteAllText(path, text);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string[] ReadWords(string path) =>
        File.Exists(path) ? File.ReadAllText(path).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries) : [];
}
