using System.Text;

namespace MicroPvr.Core.Logging;

/// <summary>log-foreground (compat spec §4): lines to stdout through our own buffer (Console.Out flushes every write).</summary>
internal sealed class ConsoleLogSink : ILogSink
{
    private readonly StreamWriter _writer = new(Console.OpenStandardOutput(), new UTF8Encoding(false), 16 * 1024) { AutoFlush = false };
    private bool _broken;

    public void Write(in LogEntry entry, string line)
    {
        if (_broken)
        {
            return;
        }
        try
        {
            _writer.Write(line);
            _writer.Write('\n');
        }
        catch (IOException)
        {
            // stdout closed (the terminal went away): keep running without it.
            _broken = true;
        }
    }

    public void Flush()
    {
        if (_broken)
        {
            return;
        }
        try
        {
            _writer.Flush();
        }
        catch (IOException)
        {
            _broken = true;
        }
    }

    public void Reopen()
    {
    }

    public void Dispose()
    {
        Flush();
    }
}
