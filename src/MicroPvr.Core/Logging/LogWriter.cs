using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Logging;

/// <summary>
/// The single writer behind every log output. Callers enqueue entries into a bounded queue and
/// return at once; one background thread formats lines, writes them to the sinks and flushes when
/// the queue drains (or every second under sustained load). A full queue drops messages (counted
/// and reported as code 1402) instead of blocking a recorder (compat spec §7, team rule: logging
/// never blocks recording).
/// </summary>
public sealed class LogWriter : IDisposable
{
    private const int QueueCapacity = 65536;
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);
    private readonly Channel<LogEntry> _queue;
    private readonly Thread _thread;
    private readonly TimeZoneInfo _zone;
    private readonly int _pid = Environment.ProcessId;
    private readonly TimeProvider _time;
    private readonly List<ILogSink> _mainSinks = [];
    private FileLogSink? _recorderSink;
    private volatile LogSettings _settings;
    private LogSettings? _appliedSettings;
    private long _dropped;
    private int _reopenRequested;
    private bool _disposed;

    public LogWriter(LogSettings settings, TimeProvider? time = null, TimeZoneInfo? zone = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _time = time ?? TimeProvider.System;
        _zone = zone ?? TimeZoneInfo.Local;
        _queue = Channel.CreateBounded<LogEntry>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        _thread = new Thread(Run) { IsBackground = true, Name = "micropvr-log" };
        _thread.Start();
    }

    public LogSettings Settings => _settings;

    public TimeProvider Time => _time;

    /// <summary>Lowest level of our own messages that is written (log-verbose-level).</summary>
    public LogLevel Threshold => LogLevels.Threshold(_settings.VerboseLevel);

    /// <summary>Lowest level of framework messages that is written.</summary>
    public LogLevel FrameworkThreshold => LogLevels.FrameworkThreshold(_settings.VerboseLevel);

    /// <summary>Messages dropped because the queue was full, since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Enqueue(in LogEntry entry) => _queue.Writer.TryWrite(entry);

    /// <summary>Applies new log keys without restart (set_config); outputs are rebuilt by the writer thread.</summary>
    public void Apply(LogSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        Wake();
    }

    /// <summary>Reopens log files, for logrotate (SIGHUP).</summary>
    public void Reopen()
    {
        Interlocked.Exchange(ref _reopenRequested, 1);
        Wake();
    }

    /// <summary>Waits until everything queued so far is written and flushed (tests, shutdown).</summary>
    public bool Flush(TimeSpan timeout)
    {
        var marker = new ManualResetEventSlim();
        using (marker)
        {
            if (!_queue.Writer.TryWrite(new LogEntry(default, LogLevel.None, 0, "", "", marker)))
            {
                return false;
            }
            return marker.Wait(timeout);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _queue.Writer.TryComplete();
        _thread.Join(TimeSpan.FromSeconds(5));
    }

    private void Wake() => _queue.Writer.TryWrite(new LogEntry(default, LogLevel.None, 0, "", ""));

    private void Run()
    {
        var reader = _queue.Reader;
        var lastFlush = Environment.TickCount64;
        long reportedDrops = 0;
        try
        {
            while (true)
            {
                EnsureSinks();
                while (reader.TryRead(out var entry))
                {
                    if (entry.Level == LogLevel.None)
                    {
                        EnsureSinks();
                        if (entry.FlushSignal is { } signal)
                        {
                            FlushAll();
                            signal.Set();
                        }
                        continue;
                    }
                    WriteEntry(entry);
                    if (Environment.TickCount64 - lastFlush > FlushInterval.TotalMilliseconds)
                    {
                        FlushAll();
                        lastFlush = Environment.TickCount64;
                    }
                }
                var dropped = Dropped;
                if (dropped != reportedDrops)
                {
                    WriteEntry(new LogEntry(_time.GetUtcNow(), LogLevel.Warning, LogCodes.MessagesDropped, "LogWriter",
                        $"{dropped - reportedDrops} log messages dropped: the log outputs are too slow"));
                    reportedDrops = dropped;
                }
                FlushAll();
                lastFlush = Environment.TickCount64;
                if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    break;
                }
            }
        }
        finally
        {
            FlushAll();
            DisposeSinks();
        }
    }

    private void WriteEntry(in LogEntry entry)
    {
        var line = LogLineFormatter.Format(entry, _zone, _pid);
        foreach (var sink in _mainSinks)
        {
            sink.Write(entry, line);
        }
        if (_recorderSink is not null && LogModules.IsRecorderCode(entry.Code))
        {
            _recorderSink.Write(entry, line);
        }
    }

    private void EnsureSinks()
    {
        var settings = _settings;
        if (!ReferenceEquals(settings, _appliedSettings))
        {
            FlushAll();
            DisposeSinks();
            if (settings.FilePath.Length > 0)
            {
                _mainSinks.Add(new FileLogSink(settings.FilePath));
            }
            if (settings.Foreground)
            {
                _mainSinks.Add(new ConsoleLogSink());
            }
            if (settings.Syslog || settings.SyslogCritical)
            {
                _mainSinks.Add(new SyslogLogSink(settings.SyslogSocket, settings.SyslogFacility, settings.Syslog, _zone, _pid));
            }
            _recorderSink = settings.RecorderLogPath is { Length: > 0 } recorderPath ? new FileLogSink(recorderPath) : null;
            _appliedSettings = settings;
            Interlocked.Exchange(ref _reopenRequested, 0);
        }
        if (Interlocked.Exchange(ref _reopenRequested, 0) == 1)
        {
            foreach (var sink in _mainSinks)
            {
                sink.Reopen();
            }
            _recorderSink?.Reopen();
        }
    }

    private void FlushAll()
    {
        foreach (var sink in _mainSinks)
        {
            sink.Flush();
        }
        _recorderSink?.Flush();
    }

    private void DisposeSinks()
    {
        foreach (var sink in _mainSinks)
        {
            sink.Dispose();
        }
        _mainSinks.Clear();
        _recorderSink?.Dispose();
        _recorderSink = null;
    }
}
