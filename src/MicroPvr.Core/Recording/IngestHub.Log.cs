using Microsoft.Extensions.Logging;

namespace MicroPvr.Core.Recording;

internal sealed partial class IngestHub
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 9030, Level = LogLevel.Warning, Message = "{Url}: no data for {Seconds:F1} s (gap)")]
        public static partial void Silence(ILogger logger, string url, double seconds);

        [LoggerMessage(EventId = 9031, Level = LogLevel.Information, Message = "{Url}: data resumed after {Seconds:F1} s of silence")]
        public static partial void Resumed(ILogger logger, string url, double seconds);

        [LoggerMessage(EventId = 9014, Level = LogLevel.Information, Message = "{Url}: PMT of programme {Program} changed (version {Version}): {Streams}")]
        public static partial void PmtChanged(ILogger logger, string url, int program, int version, string streams);

        [LoggerMessage(EventId = 9015, Level = LogLevel.Warning, Message = "{Url}: PCR jump on PID {Pid} ({Delta27M} ticks of 27 MHz): new time run")]
        public static partial void PcrJump(ILogger logger, string url, int pid, long delta27M);

        [LoggerMessage(EventId = 9018, Level = LogLevel.Error, Message = "{Url}: source stopped unexpectedly: {Reason}")]
        public static partial void SourceFailed(ILogger logger, string url, string reason);

        [LoggerMessage(EventId = 9040, Level = LogLevel.Warning, Message = "host clock stepped by {StepMs:F0} ms; recording times follow it without going back")]
        public static partial void ClockStepped(ILogger logger, double stepMs);
    }
}
