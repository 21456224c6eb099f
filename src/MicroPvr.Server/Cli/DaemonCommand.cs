using MicroPvr.Core.Configuration;
using MicroPvr.Server.Hosting;

namespace MicroPvr.Server.Cli;

/// <summary>`micropvr [--config PATH]`: runs the daemon in the foreground (compat spec §10).</summary>
internal static class DaemonCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        var configPath = ConfigLoader.DefaultPath;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--config" or "-c")
            {
                if (i + 1 >= args.Length)
                {
                    Console.Error.WriteLine($"micropvr: {arg} needs a path");
                    return Task.FromResult(2);
                }
                configPath = args[++i];
            }
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                configPath = arg["--config=".Length..];
            }
            else
            {
                Console.Error.WriteLine($"micropvr: unknown argument '{arg}'");
                Console.Error.WriteLine(CommandLine.Usage);
                return Task.FromResult(2);
            }
        }
        return DaemonHost.RunAsync(configPath);
    }
}
