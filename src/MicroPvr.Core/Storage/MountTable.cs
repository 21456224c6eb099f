using System.Text;

namespace MicroPvr.Core.Storage;

/// <summary>
/// Mount points of the host as listed in /proc/self/mounts (proc(5)): maps a directory to the file
/// system that holds it by longest path prefix, so free space and reservations are counted per
/// file system, not per record location (compat spec §3).
/// </summary>
public sealed class MountTable
{
    public const string ProcMountsPath = "/proc/self/mounts";

    private readonly string[] _mountPoints;

    public MountTable(IEnumerable<string> mountPoints)
    {
        // Longest first: the first prefix match is the most specific mount.
        _mountPoints = mountPoints.Distinct(StringComparer.Ordinal).OrderByDescending(m => m.Length).ToArray();
    }

    public IReadOnlyList<string> MountPoints => _mountPoints;

    /// <summary>Reads /proc/self/mounts; on a system without it, "/" is the only mount.</summary>
    public static MountTable ReadSystem()
    {
        try
        {
            return Parse(File.ReadAllText(ProcMountsPath));
        }
        catch (IOException)
        {
            return new MountTable(["/"]);
        }
        catch (UnauthorizedAccessException)
        {
            return new MountTable(["/"]);
        }
    }

    /// <summary>Parses the fstab-like text: the second field is the mount point, octal-escaped.</summary>
    public static MountTable Parse(string procMounts)
    {
        var points = new List<string> { "/" };
        foreach (var line in procMounts.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length >= 2 && fields[1].StartsWith('/'))
            {
                points.Add(Unescape(fields[1]));
            }
        }

        return new MountTable(points);
    }

    /// <summary>The mount point holding <paramref name="path"/> (made absolute, not required to exist).</summary>
    public string Find(string path)
    {
        var full = Path.GetFullPath(path);
        foreach (var mount in _mountPoints)
        {
            if (mount == "/" || full == mount || (full.StartsWith(mount, StringComparison.Ordinal) && full[mount.Length] == '/'))
            {
                return mount;
            }
        }

        return "/";
    }

    // The kernel writes space, tab, newline and backslash in mount paths as \040, \011, \012, \134.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var sb = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                sb.Append((char)(((field[i + 1] - '0') * 64) + ((field[i + 2] - '0') * 8) + (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                sb.Append(field[i]);
            }
        }

        return sb.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
