using MicroPvr.Core.Configuration;
using MicroPvr.TestKit;

namespace MicroPvr.Server.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    [Fact]
    public void Original_style_config_with_comments_and_trailing_commas_is_read()
    {
        const string text = """
            {
                "log-foreground": true, // log to stdout
                /* block comment */
                "log-verbose-level": 4,
                "json-rpc-listen-port": 5089, // the API
                "records-link-dir": "",
                "score-max-cpu-la1": 2.5,
                "log-facility": 16,
            }
            """;
        var result = ConfigLoader.Parse(text, baseFolder: null);

        Assert.False(result.UsedDefaults);
        Assert.Empty(result.Issues);
        Assert.True(result.Options.LogForeground);
        Assert.Equal(4, result.Options.LogVerboseLevel);
        Assert.Equal(5089, result.Options.JsonRpcListenPort);
        Assert.Equal("", result.Options.RecordsLinkDir);
        Assert.Equal(2.5, result.Options.ScoreMaxCpuLa1);
        Assert.Equal(16, result.Options.LogFacility);
        // Untouched keys keep the compat spec §4 defaults.
        Assert.Equal(8080, result.Options.HttpListenPort);
        Assert.Equal(10000, result.Options.RecordsMinFreeSpaceMiB);
    }

    [Theory]
    [InlineData("task-activation-period")]
    [InlineData("task-caching-period")]
    [InlineData("records-outdated-checking-period")]
    public void Retired_keys_are_ignored_with_a_warning_that_is_not_an_error(string key)
    {
        var result = ConfigLoader.Parse($$"""{ "{{key}}": 30, "log-verbose-level": 2 }""", null, strict: true);

        var issue = Assert.Single(result.Issues);
        Assert.Equal(ConfigIssueKind.RetiredKey, issue.Kind);
        Assert.Equal(key, issue.Key);
        Assert.False(issue.IsError);
        Assert.False(result.HasErrors);
        Assert.Equal(2, result.Options.LogVerboseLevel);
    }

    [Fact]
    public void Unknown_keys_are_reported_by_name_and_the_rest_is_used()
    {
        var result = ConfigLoader.Parse("""{ "log-verbose-levl": 5, "http-listen-port": 9000 }""", null);

        var issue = Assert.Single(result.Issues);
        Assert.Equal(ConfigIssueKind.UnknownKey, issue.Kind);
        Assert.Equal("log-verbose-levl", issue.Key);
        Assert.Equal(9000, result.Options.HttpListenPort);
        Assert.Equal(3, result.Options.LogVerboseLevel);
    }

    [Fact]
    public void Bad_json_gives_all_defaults_and_the_line_of_the_error()
    {
        const string text = "{\n  \"log-verbose-level\": 5,\n  \"log-path\": \"/x\"\n  \"data-dir\": \"/y\"\n}";
        var result = ConfigLoader.Parse(text, null);

        Assert.True(result.UsedDefaults);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(ConfigIssueKind.Syntax, issue.Kind);
        Assert.Equal(4, issue.Line);
        Assert.Equal(3, result.Options.LogVerboseLevel);
        Assert.Equal("/var/log/micropvr/micropvr.log", result.Options.LogPath);
    }

    [Fact]
    public void Missing_file_gives_defaults_and_an_unreadable_issue()
    {
        using var dir = new TempDirectory();
        var result = ConfigLoader.LoadFile(dir.Combine("absent.conf"));

        Assert.True(result.UsedDefaults);
        Assert.Equal(ConfigIssueKind.Unreadable, Assert.Single(result.Issues).Kind);
        Assert.Equal(4089, result.Options.JsonRpcListenPort);
    }

    [Fact]
    public void Lenient_mode_keeps_the_default_of_a_key_with_a_bad_value_and_names_it()
    {
        var result = ConfigLoader.Parse("""{ "log-verbose-level": 9, "json-rpc-listen-port": "abc", "http-listen-port": 8081 }""", null);

        Assert.Equal(3, result.Options.LogVerboseLevel);
        Assert.Equal(4089, result.Options.JsonRpcListenPort);
        Assert.Equal(8081, result.Options.HttpListenPort);
        Assert.Contains(result.Issues, i => i is { Key: "log-verbose-level", Kind: ConfigIssueKind.OutOfRange });
        Assert.Contains(result.Issues, i => i is { Key: "json-rpc-listen-port", Kind: ConfigIssueKind.WrongType });
    }

    [Fact]
    public void Lenient_mode_accepts_quoted_numbers_and_booleans_but_strict_mode_does_not()
    {
        const string text = """{ "json-rpc-listen-port": "5000", "log-foreground": "true" }""";

        var lenient = ConfigLoader.Parse(text, null);
        Assert.Empty(lenient.Issues);
        Assert.Equal(5000, lenient.Options.JsonRpcListenPort);
        Assert.True(lenient.Options.LogForeground);

        var strict = ConfigLoader.Parse(text, null, strict: true);
        Assert.Equal(2, strict.Issues.Count);
        Assert.All(strict.Issues, i => Assert.Equal(ConfigIssueKind.WrongType, i.Kind));
    }

    [Fact]
    public void Relative_paths_and_a_relative_file_source_resolve_against_the_config_folder()
    {
        var text = """
            {
              "data-dir": "../.dev/data",
              "records-link-dir": "../.dev/links/",
              "log-path": "/var/log/abs.log",
              "demo-channel-source": "file://../tests/fixtures/demo.ts?loop=1",
              "demo-channel-location": "../.dev/records"
            }
            """;
        var result = ConfigLoader.Parse(text, "/opt/mp/config");

        Assert.Empty(result.Issues);
        Assert.Equal("/opt/mp/.dev/data", result.Options.DataDir);
        Assert.Equal("/opt/mp/.dev/links/", result.Options.RecordsLinkDir);
        Assert.Equal("/var/log/abs.log", result.Options.LogPath);
        Assert.Equal("file:///opt/mp/tests/fixtures/demo.ts?loop=1", result.Options.DemoChannelSource);
        Assert.Equal("/opt/mp/.dev/records", result.Options.DemoChannelLocation);
    }

    [Fact]
    public void Segment_size_below_the_checking_period_is_a_problem_of_the_segment_key()
    {
        var result = ConfigLoader.Parse("""{ "records-checking-period": 30, "records-default-segment-size": 10 }""", null, strict: true);

        var issue = Assert.Single(result.Issues);
        Assert.Equal("records-default-segment-size", issue.Key);
        Assert.Equal(ConfigIssueKind.OutOfRange, issue.Kind);
    }

    [Fact]
    public void Every_option_property_has_a_key()
    {
        Assert.Equal(typeof(MicroPvrOptions).GetProperties().Length, ConfigKeys.Properties.Count);
        Assert.Contains("records-default-reserve-size", ConfigKeys.Names);
        Assert.Contains("http-listen-port", ConfigKeys.Names);
    }

    [Fact]
    public void String_lists_are_read_from_arrays_and_leniently_from_a_comma_separated_string()
    {
        var strict = ConfigLoader.Parse("""{ "json-rpc-allow": ["127.0.0.1", "10.0.0.0/8"] }""", null, strict: true);
        Assert.Empty(strict.Issues);
        Assert.Equal(["127.0.0.1", "10.0.0.0/8"], strict.Options.JsonRpcAllow);

        var lenient = ConfigLoader.Parse("""{ "json-rpc-allow": "127.0.0.1, ::1" }""", null);
        Assert.Empty(lenient.Issues);
        Assert.Equal(["127.0.0.1", "::1"], lenient.Options.JsonRpcAllow);

        var wrong = ConfigLoader.Parse("""{ "json-rpc-allow": [1] }""", null, strict: true);
        Assert.Equal("json-rpc-allow", Assert.Single(wrong.Issues).Key);
    }
}
