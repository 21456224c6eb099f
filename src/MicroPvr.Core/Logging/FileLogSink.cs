using System.Text;

namespace MicroPvr.Core.Logging;

/// <summary>
/// Appends lines to a file through a large buffer; flushed by the writer thread when its queue
/// drains. Missing folders are created. Write errors (disk full, removed folder) drop lines and
/// retry opening at most every few seconds, so logging never stalls the daemon.
/// </summary>
internal sealed class FileLogSink : ILogSink
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private StreamWriter? _writer;
    private long _retryAtTicks;

    public FileLogSink(string path)
    {
        Path = path;
        Open();
    }

    public string Path { get; }

    public void Write(in LogEntry entry, string line)
    {
        if (_writer is null && !TryReopenLater())
        {
            return;
        }
        try
        {
            _writer!.Write(line);
            _writer.Write('\n');
        }
        catch (IOException)
        {
            Close();
        }
    }

    public void Flush()
    {
        try
        {
            _writer?.Flush();
        }
        catch (IOException)
        {
            Close();
        }
    }

    public void Reopen()
    {
        Close();
        Open();
    }

    public void Dispose() => Close();

    private bool TryReopenLater()
    {
        if (Environment.TickCount64 < _retryAtTicks)
        {
            return false;
        }
        Open();
        return _writer is not null;
    }

    private void Open()
    {
        try
        {
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
            var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            _writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024) { AutoFlush = false };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            _writer = null;
            _retryAtTicks = Environment.TickCount64 + (long)RetryDelay.TotalMilliseconds;
            // The only place left to say so: stderr, which systemd's journal keeps.
            Console.Error.WriteLine($"micropvr: cannot open log file {Path}: {ex.Message}");
        }
    }

    private void Close()
    {
        var writer = _writer;
        _writer = null;
        if (writer is null)
        {
            return;
        }
        try
        {
            writer.Dispose();
        }
        catch (IOException)
        {
            // Buffered lines are lost with the file system that refused them.
        }
        _retryAtTicks = Environment.TickCount64 + (long)RetryDelay.TotalMilliseconds;
    }
}
