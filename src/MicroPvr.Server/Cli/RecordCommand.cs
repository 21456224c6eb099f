using System.Globalization;
using System.Runtime.InteropServices;
using MicroPvr.Core.Ingest;
using MicroPvr.Core.Recording;

namespace MicroPvr.Server.Cli;

/// <summary>
/// `micropvr record --source URL --output FILE.ts [--duration S]` (compat spec §10): records
/// without the daemon, prints live statistics every second on stderr, and closes the file and its
/// index cleanly on Ctrl-C / SIGTERM or when the duration is reached.
/// </summary>
internal static class RecordCommand
{
    public const string Usage = "usage: micropvr record --source URL --output FILE.ts [--duration SECONDS]";

    public static async Task<int> RunAsync(string[] args)
    {
        var a = new CliArguments(args, "--source", "--output", "--duration");
        var source = a.Get("--source");
        var output = a.Get("--output");
        double duration = 0;
        if (a.Error is not null || source is null || output is null || a.Positional.Count > 0
            || (a.Get("--duration") is { } d && (!double.TryParse(d, NumberStyles.Float, CultureInfo.InvariantCulture, out duration) || duration <= 0)))
        {
            await Console.Error.WriteLineAsync(a.Error is null ? Usage : $"{a.Error}\n{Usage}");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            stop.Cancel();
        });

        using var loggers = CliLogging.Create();
        var time = TimeProvider.System;
        var ingest = new IngestOptions();
        await using var engine = new RecordingEngine(new StreamSourceFactory(ingest, time, loggers), ingest, new RecordWriterOptions(), time, loggers);
        IRecordingHandle handle;
        try
        {
            handle = await engine.StartAsync(new RecordingRequest(source, [Path.GetFullPath(output)], 0), stop.Token);
        }
        catch (InvalidSourceUrlException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"cannot open {output}: {e.Message}");
            return 1;
        }

        var started = time.GetTimestamp();
        await using (handle)
        {
            while (!stop.IsCancellationRequested && !handle.Completion.IsCompleted)
            {
                var elapsed = time.GetElapsedTime(started);
                if (duration > 0 && elapsed.TotalSeconds >= duration)
                {
                    break;
                }

                var tick = Task.Delay(TimeSpan.FromSeconds(1), time, stop.Token);
                await Task.WhenAny(tick, handle.Completion);
                await Console.Error.WriteLineAsync(FormatStats(time.GetElapsedTime(started), handle.Statistics));
            }

            await Console.Error.WriteLineAsync(FormatStats(time.GetElapsedTime(started), handle.Statistics) + " stopping");
        }

        Console.CancelKeyPress -= onCancel;
        return 0;
    }

    public static string FormatStats(TimeSpan elapsed, RecordingStatistics s) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"[{elapsed.TotalSeconds,6:F0} s] bitrate {s.BitrateBitsPerSecond / 1e6,7:F2} Mbit/s  packets {s.PacketsReceived}  cc-errors {s.ContinuityErrors}  te-errors {s.TransportErrors}  keyframes {s.Keyframes}  written {s.BytesWritten / 1048576.0:F1} MiB");
}
