using System.Globalization;
using MicroPvr.Core.Ingest;

namespace MicroPvr.Server.Cli;

/// <summary>
/// `micropvr probe URL|FILE [--seconds S]` (compat spec §10): programmes, PIDs, codecs, bitrate and
/// errors of a file, or of a live source received for a few seconds (default 5).
/// </summary>
internal static class ProbeCommand
{
    public const string Usage = "usage: micropvr probe URL|FILE [--seconds S]";

    public static async Task<int> RunAsync(string[] args)
    {
        var a = new CliArguments(args, "--seconds");
        double seconds = 5;
        if (a.Error is not null || a.Positional.Count != 1
            || (a.Get("--seconds") is { } s && (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) || seconds <= 0)))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var target = a.Positional[0];
        if (!target.Contains("://", StringComparison.Ordinal))
        {
            if (!File.Exists(target))
            {
                await Console.Error.WriteLineAsync($"{target}: no such file");
                return 1;
            }

            Console.Write(StreamProbe.ProbeFile(Path.GetFullPath(target)));
            return 0;
        }

        using var loggers = CliLogging.Create(Microsoft.Extensions.Logging.LogLevel.Warning);
        IStreamSource source;
        try
        {
            source = new StreamSourceFactory(new IngestOptions(), TimeProvider.System, loggers).Create(target);
        }
        catch (InvalidSourceUrlException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.Write(await StreamProbe.ProbeSourceAsync(source, TimeSpan.FromSeconds(seconds), TimeProvider.System, stop.Token));
        return 0;
    }
}
