using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Catalog.Sqlite.Tests;

/// <summary>Captures log events so tests can assert the documented codes.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(int Code, LogLevel Level, string Message)> Events { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Events.Enqueue((eventId.Id, logLevel, formatter(state, exception)));

    public bool Has(int code) => Events.Any(e => e.Code == code);
}
