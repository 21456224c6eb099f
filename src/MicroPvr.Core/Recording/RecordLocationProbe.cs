namespace MicroPvr.Core.Recording;

/// <summary>
/// Cheap checks that a record location still takes data. An open file descriptor stays valid
/// after its directory is deleted or its file system is lazily unmounted, and the writes then go
/// to a file nobody can find; a read-only remount is only seen at the next flush. So the engine
/// re-opens each file it writes by its path for writing (open(2) with O_WRONLY, no data written,
/// nothing modified): ENOENT means the file or its directory is gone, EROFS a read-only file
/// system, EACCES a lost permission. A full disk is not a location fault: the writer drops data
/// and resumes by itself once space is back (docs/storage.md "Faults").
/// </summary>
public static class RecordLocationProbe
{
    /// <summary>errno EROFS on Linux: .NET puts the raw errno in <see cref="Exception.HResult"/> of an <see cref="IOException"/>.</summary>
    private const int ErrnoReadOnly = 30;

    /// <summary>Null when <paramref name="recordPath"/> (a file being written) can still be opened for writing by its path; else the reason.</summary>
    public static string? CheckFile(string recordPath)
    {
        try
        {
            using var handle = File.OpenHandle(recordPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Describe(ex);
        }
    }

    /// <summary>
    /// Null when a new file can be created in <paramref name="directory"/> (it is created and
    /// deleted at once); else the reason. Used before a recorder starts a new file.
    /// </summary>
    public static string? CheckDirectory(string directory)
    {
        var probe = Path.Combine(directory, ".micropvr-write-check-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using var stream = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Describe(ex);
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "the file or its directory is gone (location removed or unmounted?)",
        UnauthorizedAccessException => "permission denied: " + ex.Message,
        IOException { HResult: ErrnoReadOnly } => "read-only file system",
        _ => ex.Message,
    };
}
