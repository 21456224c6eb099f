using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Logging;

/// <summary>
/// One message on its way from the caller to the sinks. Formatting into a line happens on the
/// writer thread, so the caller only pays for the message text. Level None marks a control entry
/// (a wake-up, or a flush request with <see cref="FlushSignal"/>) that is never written.
/// </summary>
public readonly record struct LogEntry(DateTimeOffset TimestampUtc, LogLevel Level, int Code, string Function, string Text,
    ManualResetEventSlim? FlushSignal = null)
{
    public string Module => LogModules.Of(Code);
}
