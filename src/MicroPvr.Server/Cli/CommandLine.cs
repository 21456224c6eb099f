using System.Reflection;

namespace MicroPvr.Server.Cli;

/// <summary>
/// Dispatches `micropvr [--config PATH]` and its subcommands (compat spec §10).
/// Each subcommand is its own type in this folder.
/// </summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0)
        {
            switch (args[0])
            {
                case "--version":
                case "-V":
                    Console.WriteLine($"micropvr {Version}");
                    return 0;
                case "record":
                    return await RecordCommand.RunAsync(args[1..]);
                case "probe":
                    return await ProbeCommand.RunAsync(args[1..]);
                case "reindex":
                    return await ReindexCommand.RunAsync(args[1..]);
                case "--help":
                case "-h":
                    Console.WriteLine(Usage);
                    return 0;
                case "check-config":
                    return CheckConfigCommand.Run(args[1..]);
                case "rebuild-index":
                    return await RebuildIndexCommand.RunAsync(args[1..]).ConfigureAwait(false);
            }
        }

        // No subcommand: `micropvr [--config PATH]` runs the daemon.
        return await DaemonCommand.RunAsync(args).ConfigureAwait(false);
    }

    public static string Version =>
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public const string Usage = """
        usage: micropvr [--config PATH]                 run the daemon
               micropvr check-config [PATH]             validate a config strictly
               micropvr record --source URL --output FILE.ts [--duration S]
               micropvr probe URL|FILE                  describe a stream
               micropvr reindex FILE.ts                 rebuild one file's keyframe index
               micropvr rebuild-index [--config PATH] [--root DIR]...  rebuild the catalog from the record locations
               micropvr --version
        """;
}
