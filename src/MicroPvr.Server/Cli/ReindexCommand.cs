using MicroPvr.Core.Recording;

namespace MicroPvr.Server.Cli;

/// <summary>`micropvr reindex FILE.ts` (compat spec §10): rebuilds one file's keyframe index by scanning it.</summary>
internal static class ReindexCommand
{
    public const string Usage = "usage: micropvr reindex FILE.ts";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 1 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var path = Path.GetFullPath(args[0]);
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"{path}: no such file");
            return 1;
        }

        try
        {
            var count = KeyframeIndexRebuilder.Rebuild(path);
            var reader = KeyframeIndexReader.OpenForRecord(path);
            Console.WriteLine($"{KeyframeIndexFormat.IndexPathFor(path)}: {count} keyframes"
                + (reader.First is { } first && reader.Last is { } last ? $", {first.Utc:u} .. {last.Utc:u}" : string.Empty));
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"{path}: {e.Message}");
            return 1;
        }
    }
}
