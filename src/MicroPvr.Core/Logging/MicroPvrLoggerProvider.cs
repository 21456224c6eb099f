using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Logging;

/// <summary>
/// The ILoggerProvider of the daemon: every ILogger writes through one <see cref="LogWriter"/>
/// in the original's line format (compat spec §7).
/// </summary>
[ProviderAlias("MicroPvr")]
public sealed class MicroPvrLoggerProvider : ILoggerProvider
{
    private readonly LogWriter _writer;

    public MicroPvrLoggerProvider(LogWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    public ILogger CreateLogger(string categoryName) => new MicroPvrLogger(categoryName, _writer);

    /// <summary>The writer outlives the host's logger factory: its owner disposes it after the last line.</summary>
    public void Dispose()
    {
    }
}
