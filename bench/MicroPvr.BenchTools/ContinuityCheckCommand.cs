using System.Globalization;

namespace MicroPvr.BenchTools;

/// <summary>`cc-errors FILE...`: one line per file and a total line, `cc_errors N packets N`.</summary>
public static class ContinuityCheckCommand
{
    public static int Run(string[] files)
    {
        long totalErrors = 0, totalPackets = 0;
        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            var counter = new ContinuityCounter();
            using var stream = File.OpenRead(file);
            var filled = 0;
            int read;
            while ((read = stream.Read(buffer, filled, buffer.Length - filled)) > 0)
            {
                filled += read;
                var used = counter.Feed(buffer.AsSpan(0, filled));
                buffer.AsSpan(used, filled - used).CopyTo(buffer);
                filled -= used;
            }

            totalErrors += counter.Errors;
            totalPackets += counter.Packets;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"file {file} cc_errors {counter.Errors} packets {counter.Packets} sync_losses {counter.SyncLosses}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total cc_errors {totalErrors} packets {totalPackets}"));
        return 0;
    }
}
