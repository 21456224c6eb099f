using MicroPvr.Core.Configuration;

namespace MicroPvr.Server.Cli;

/// <summary>
/// `micropvr check-config [PATH]` (compat spec §10): the strict reading of compat spec §4. Every
/// problem is printed with its key name (or the line of a JSON syntax error); any problem gives
/// exit code 1; a clean config prints "OK" and exits 0. Retired keys are reported as warnings
/// but are not problems: the contract says they must be accepted.
/// </summary>
internal static class CheckConfigCommand
{
    public static int Run(string[] args)
    {
        if (args.Length > 1)
        {
            Console.Error.WriteLine("usage: micropvr check-config [PATH]");
            return 2;
        }
        var path = args.Length == 1 ? args[0] : ConfigLoader.DefaultPath;
        var result = ConfigLoader.LoadFile(path, strict: true);
        var errors = 0;
        foreach (var issue in result.Issues)
        {
            if (issue.IsError)
            {
                errors++;
                Console.WriteLine($"ERROR {path}: {issue}");
            }
            else
            {
                Console.WriteLine($"WARNING {path}: {issue}");
            }
        }
        if (errors > 0)
        {
            Console.WriteLine($"{path}: {errors} problem{(errors == 1 ? "" : "s")}");
            return 1;
        }
        Console.WriteLine("OK");
        return 0;
    }
}
