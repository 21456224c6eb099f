namespace MicroPvr.Core.Logging;

/// <summary>
/// A log output. Called only from the log writer thread; must never throw (a failing output
/// loses lines, never recordings).
/// </summary>
internal interface ILogSink : IDisposable
{
    void Write(in LogEntry entry, string line);
    void Flush();
    /// <summary>Closes and reopens files (SIGHUP after logrotate moved them).</summary>
    void Reopen();
}
