namespace MicroPvr.Server.Delivery;

/// <summary>
/// Maps the file part of <c>/pvr/&lt;nickname&gt;/&lt;file&gt;</c> to a path that is provably inside the
/// record directory (compat spec §6): every path-traversal or symlink-escape attempt gives null (404).
/// </summary>
internal static class RecordFilePath
{
    public static string? Resolve(string directory, string? relative)
    {
        if (string.IsNullOrEmpty(relative) || relative.Contains('\0', StringComparison.Ordinal)
            || relative.Contains('\\', StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }

        foreach (var part in relative.Split('/'))
        {
            if (part.Length == 0 || part == "." || part == "..")
            {
                return null;
            }
        }

        var root = RealPath(Path.GetFullPath(directory));
        if (root is null || RealPath(Path.GetFullPath(Path.Combine(root, relative))) is not { } candidate)
        {
            return null;
        }

        var prefix = root.EndsWith('/') ? root : root + "/";
        return candidate.StartsWith(prefix, StringComparison.Ordinal) && File.Exists(candidate) ? candidate : null;
    }

    /// <summary>The path with every symlink component resolved (like realpath(3)), or null when it doesn't exist.</summary>
    private static string? RealPath(string path)
    {
        var current = "/";
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (!info.Exists)
            {
                return null;
            }

            try
            {
                if (info.LinkTarget is not null)
                {
                    var target = info.ResolveLinkTarget(returnFinalTarget: true);
                    if (target is null || !target.Exists)
                    {
                        return null;
                    }

                    // A link's target may itself contain links in its directories: resolve again.
                    var rest = string.Join('/', parts, i + 1, parts.Length - i - 1);
                    var resolved = RealPath(Path.GetFullPath(target.FullName));
                    return resolved is null ? null : (rest.Length == 0 ? resolved : RealPath(Path.Combine(resolved, rest)));
                }
            }
            catch (IOException)
            {
                return null;
            }

            current = next;
        }

        return current;
    }
}
