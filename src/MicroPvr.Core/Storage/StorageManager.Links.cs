namespace MicroPvr.Core.Storage;

// records-link-dir symlinks (compat spec §2): <link-dir>/<HASH> -> record location as given.
public sealed partial class StorageManager
{
    public string? ResolveNickname(string nickname)
    {
        if (!DirectoryNickname.IsValid(nickname))
        {
            return null;
        }

        if (_nicknames.TryGetValue(nickname, out var location))
        {
            return location;
        }

        // A location no task or record names any more (or created by another process): trust the
        // link only when it is a symlink, never a plain directory someone put there.
        var linkDir = _options().RecordsLinkDir;
        if (string.IsNullOrEmpty(linkDir))
        {
            return null;
        }

        var target = new FileInfo(Path.Combine(linkDir, nickname)).LinkTarget;
        return target is null ? null : Path.GetFullPath(target, Path.GetFullPath(linkDir));
    }

    /// <summary>Creates or repairs the link of one location; failures are logged (6107), never thrown.</summary>
    private void EnsureLink(string recordLocation)
    {
        var linkDir = _options().RecordsLinkDir;
        if (string.IsNullOrEmpty(linkDir))
        {
            return; // "" disables the link dir (compat spec §4)
        }

        var link = Path.Combine(linkDir, DirectoryNickname.Compute(recordLocation));
        try
        {
            Directory.CreateDirectory(linkDir);
            var existing = new FileInfo(link);
            if (existing.LinkTarget is { } target)
            {
                if (string.Equals(target, recordLocation, StringComparison.Ordinal))
                {
                    return;
                }

                existing.Delete(); // unlinks the symlink itself, never its target
                LogLinkReplaced(_logger, link, target, recordLocation);
            }
            else if (existing.Exists || Directory.Exists(link))
            {
                LogLinkFailed(_logger, link, recordLocation, "a file or directory that is not a symbolic link is in the way");
                return;
            }

            Directory.CreateSymbolicLink(link, recordLocation);
            LogLinkCreated(_logger, link, recordLocation);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogLinkFailed(_logger, link, recordLocation, ex.Message);
        }
    }
}
