using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Tests.Tasks.Doubles;

/// <summary>Keeps every log line with its event id (the documented code) for assertions.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(int Code, LogLevel Level, string Message)> Lines { get; } = new();

    public IReadOnlyList<int> Codes => [.. Lines.Select(l => l.Code)];

    public int Count(int code) => Lines.Count(l => l.Code == code);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
}
