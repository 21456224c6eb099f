using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Logging;

/// <summary>
/// One category's logger. The code is the EventId (the 4-digit code of compat spec §7) and the
/// function is EventId.Name, which [LoggerMessage] sets to the logging method's name.
/// Framework categories get code 1400 and are filtered harder (Warning and above by default).
/// </summary>
internal sealed class MicroPvrLogger : ILogger
{
    private static readonly ConcurrentDictionary<string, string> FunctionNames = new(StringComparer.Ordinal);
    private readonly LogWriter _writer;
    private readonly bool _framework;
    private readonly string _shortCategory;

    public MicroPvrLogger(string category, LogWriter writer)
    {
        _writer = writer;
        _framework = category.StartsWith("Microsoft.", StringComparison.Ordinal) || category.StartsWith("System.", StringComparison.Ordinal);
        var dot = category.LastIndexOf('.');
        _shortCategory = dot >= 0 ? category[(dot + 1)..] : category;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) =>
        logLevel != LogLevel.None && logLevel >= (_framework ? _writer.FrameworkThreshold : _writer.Threshold);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        ArgumentNullException.ThrowIfNull(formatter);
        int code;
        string function;
        if (_framework)
        {
            code = LogCodes.Framework;
            function = _shortCategory;
        }
        else
        {
            code = LogModules.IsValidCode(eventId.Id) ? eventId.Id : LogCodes.Uncoded;
            function = string.IsNullOrEmpty(eventId.Name) ? _shortCategory : FunctionName(eventId.Name);
        }
        var text = formatter(state, exception);
        if (exception is not null)
        {
            text = AppendException(text, exception, _writer.Threshold <= LogLevel.Debug);
        }
        _writer.Enqueue(new LogEntry(_writer.Time.GetUtcNow(), logLevel, code, function, text));
    }

    /// <summary>
    /// [LoggerMessage] methods are usually called LogSomething; the original's function field reads
    /// better without the prefix ("Starting" rather than "LogStarting").
    /// </summary>
    internal static string FunctionName(string eventName) =>
        FunctionNames.GetOrAdd(eventName, static name =>
            name.Length > 3 && name.StartsWith("Log", StringComparison.Ordinal) && char.IsUpper(name[3]) ? name[3..] : name);

    /// <summary>
    /// Keeps one message on one line: the exception's type and message are appended; the stack
    /// trace only at DEBUG and above, as indented continuation lines.
    /// </summary>
    private static string AppendException(string text, Exception exception, bool withStack)
    {
        var summary = $"{text}: {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}";
        if (!withStack || exception.StackTrace is null)
        {
            return summary;
        }
        return summary + "\n\t" + exception.ToString().ReplaceLineEndings("\n\t");
    }
}
