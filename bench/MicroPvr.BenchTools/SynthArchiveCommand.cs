using System.Diagnostics;
using System.Globalization;

namespace MicroPvr.BenchTools;

/// <summary>
/// `synth-archive`: a days-deep archive of many channels for the seek and playlist benchmarks,
/// written by <see cref="SyntheticArchive"/> through the product's own index writer and catalog.
/// Prints `ARCHIVE from to` (unix seconds) and figure lines.
/// </summary>
public static class SynthArchiveCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Arguments(args);
        var head = a.Text("head", "");
        // The archive ends at the last whole hour, so that every request inside it is in the past.
        var end = a.WholeNumber("end", DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600 * 3600);
        var clock = Stopwatch.StartNew();
        var (from, to, files, entries) = await SyntheticArchive.WriteAsync(
            Path.GetFullPath(a.Text("records")), Path.GetFullPath(a.Text("data-dir")),
            (int)a.WholeNumber("channels"), (int)a.WholeNumber("days"),
            head.Length > 0 ? await File.ReadAllBytesAsync(head) : [],
            (int)a.WholeNumber("gop-seconds", 2), a.WholeNumber("mbits", 8) * 1_000_000 / 8, end);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ARCHIVE {from} {to}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FIGURE synth.files {files} files"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FIGURE synth.index_entries {entries} entries"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FIGURE synth.index_write_rate {entries / seconds:0} entries/s"));
        return 0;
    }
}
