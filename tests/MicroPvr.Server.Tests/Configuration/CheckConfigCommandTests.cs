using MicroPvr.TestKit;

namespace MicroPvr.Server.Tests.Configuration;

/// <summary>`micropvr check-config` through the real CLI (compat spec §10).</summary>
public sealed class CheckConfigCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_clean_config_prints_OK_and_exits_0()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("ok.conf");
        await File.WriteAllTextAsync(path, """
            {
              "log-foreground": true, // comment after a value
              "log-verbose-level": 4,
              "http-listen-port": 8080,
            }
            """);

        var result = await CliRunner.RunAsync(Timeout, "check-config", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("OK", result.StandardOutput.Trim());
    }

    [Fact]
    public async Task Every_problem_is_printed_with_its_key_and_the_exit_code_is_non_zero()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("bad.conf");
        await File.WriteAllTextAsync(path, """
            {
              "log-verbose-level": 7,
              "json-rpc-listen-port": "4089",
              "no-such-key": 1,
              "task-caching-period": 10,
              "score-max-sessions": 0
            }
            """);

        var result = await CliRunner.RunAsync(Timeout, "check-config", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ERROR", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("log-verbose-level: must be between 0 and 6, got 7", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("json-rpc-listen-port: expected an integer", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("no-such-key: unknown key", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("score-max-sessions:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("WARNING", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("task-caching-period: retired key", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("4 problems", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unparseable_json_is_reported_with_its_line_number()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("broken.conf");
        await File.WriteAllTextAsync(path, "{\n  \"log-foreground\": true\n  \"log-path\": \"/x\"\n}\n");

        var result = await CliRunner.RunAsync(Timeout, "check-config", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("line 3:", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_a_problem()
    {
        using var dir = new TempDirectory();

        var result = await CliRunner.RunAsync(Timeout, "check-config", dir.Combine("absent.conf"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot read", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shipped_sample_and_development_configs_are_clean()
    {
        foreach (var name in new[] { "micropvr.conf", "micropvr.dev.conf" })
        {
            var path = Path.Combine(DaemonProcess.RepoRoot, "config", name);
            var result = await CliRunner.RunAsync(Timeout, "check-config", path);
            Assert.True(result.ExitCode == 0, $"{name}: {result.Output}");
        }
    }
}
