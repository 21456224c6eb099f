using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace MicroPvr.EndToEnd.Tests.Bench;

/// <summary>
/// One run of a bench/*.sh script in smoke mode, with the figures it printed
/// (`FIGURE name value unit`, bench/lib.sh). The scripts use the daemon, the bench tools and the
/// BenchmarkDotNet project built for this test run (MICROPVR_DLL, BENCHTOOLS_DLL, BENCHMARKS_DLL),
/// so a smoke run never builds anything.
/// </summary>
public sealed class BenchScriptRun
{
    // A hang guard, not a speed goal: every script is bounded by counts (requests, entries,
    // seconds of stream), and on a machine at load 50 a smoke run has taken over 3 minutes.
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(10);

    private BenchScriptRun(int exitCode, string output, Dictionary<string, (double Value, string Unit)> figures)
    {
        ExitCode = exitCode;
        Output = output;
        Figures = figures;
    }

    public int ExitCode { get; }

    /// <summary>stdout and stderr, for assertion messages.</summary>
    public string Output { get; }

    public IReadOnlyDictionary<string, (double Value, string Unit)> Figures { get; }

    public static async Task<BenchScriptRun> SmokeAsync(string script, params string[] args)
    {
        var root = RepoRoot();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "bench", script), "--smoke", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        // Built with the tests (project references), in the same configuration.
        var configuration = typeof(BenchScriptRun).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        start.Environment["MICROPVR_DLL"] = Built(root, "src/MicroPvr.Server", configuration, "micropvr.dll");
        start.Environment["BENCHTOOLS_DLL"] = Built(root, "bench/MicroPvr.BenchTools", configuration, "MicroPvr.BenchTools.dll");
        start.Environment["BENCHMARKS_DLL"] = Built(root, "bench/MicroPvr.Benchmarks", configuration, "MicroPvr.Benchmarks.dll");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var cts = new CancellationTokenSource(s_timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // The script's own EXIT trap stops what it started when bash gets TERM.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bench/{script} --smoke ran over {s_timeout}:\n{output}");
        }

        await Task.WhenAll(stdout, stderr);
        var text = output.ToString();
        return new BenchScriptRun(process.ExitCode, text, ParseFigures(text));
    }

    /// <summary>`FIGURE name value unit` lines; a value that is not a finite number fails the test.</summary>
    public static Dictionary<string, (double Value, string Unit)> ParseFigures(string output)
    {
        var figures = new Dictionary<string, (double, string)>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n'))
        {
            if (!line.StartsWith("FIGURE ", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.TrimEnd('\r').Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(parts.Length == 4, $"malformed figure line '{line}'");
            Assert.True(
                double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0,
                $"figure {parts[1]} has no valid value: '{parts[2]}'");
            figures[parts[1]] = (value, parts[3]);
        }

        return figures;
    }

    /// <summary>Asserts a clean exit and that each named figure is there and strictly positive.</summary>
    public void AssertPositive(params string[] names)
    {
        Assert.True(ExitCode == 0, $"exit code {ExitCode}:\n{Output}");
        foreach (var name in names)
        {
            Assert.True(Figures.TryGetValue(name, out var figure), $"figure {name} missing:\n{Output}");
            Assert.True(figure.Value > 0, $"figure {name} is {figure.Value} {figure.Unit}:\n{Output}");
        }
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into)
            {
                into.AppendLine(line);
            }
        }
    }

    private static string Built(string root, string project, string configuration, string dll)
    {
        var path = Path.Combine(root, project, "bin", configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"not built: {path}", path);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MicroPvr.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MicroPvr.slnx not found above " + AppContext.BaseDirectory);
    }
}
