using System.Text.Json.Nodes;
using MicroPvr.Core.Configuration;
using MicroPvr.Core.Logging;
using MicroPvr.Server.Tests.Logging;
using MicroPvr.TestKit;
using Microsoft.Extensions.Logging;

namespace MicroPvr.Server.Tests.Configuration;

/// <summary>get_config / set_config (compat spec §5): validation, backup, atomic rewrite, apply, rollback.</summary>
public sealed class ConfigServiceTests : IDisposable
{
    private const string Original = "{\n  // operator's comment\n  \"log-verbose-level\": 3,\n  \"http-listen-port\": 8081\n}\n";
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly LogWriter _log;
    private readonly string _path;
    private readonly string _logPath;

    public ConfigServiceTests()
    {
        _path = _dir.Combine("micropvr.conf");
        _logPath = _dir.Combine("micropvr.log");
        File.WriteAllText(_path, Original);
        _log = new LogWriter(new LogSettings { FilePath = _logPath, VerboseLevel = 4 });
    }

    private string LogText
    {
        get
        {
            _log.FlushOrFail();
            return Logging.LogTestSupport.ReadShared(_logPath);
        }
    }

    [Fact]
    public async Task Set_config_backs_up_rewrites_atomically_and_applies_without_restart()
    {
        using var service = Create();
        MicroPvrOptions? applied = null;
        service.Changed += o => applied = o;

        var code = await service.SetConfigAsync(new JsonObject { ["log-verbose-level"] = 4, ["task-postpone-time"] = 90 });

        Assert.Equal(0, code);
        Assert.Equal(4, service.Current.LogVerboseLevel);
        Assert.Equal(90, service.Current.TaskPostponeTimeSeconds);
        Assert.Equal(8081, service.Current.HttpListenPort);
        Assert.Same(service.Current, applied);
        Assert.Equal(Original, await File.ReadAllTextAsync(_path + ".bak.20261126T100000Z"));
        var reread = ConfigLoader.LoadFile(_path, strict: true);
        Assert.Empty(reread.Issues);
        Assert.Equal(4, reread.Options.LogVerboseLevel);
        Assert.Equal(8081, reread.Options.HttpListenPort);
        Assert.Equal(90, reread.Options.TaskPostponeTimeSeconds);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp*"));
        Assert.Contains("(1204) configuration backed up to", LogText, StringComparison.Ordinal);
        Assert.Equal(4, (int)service.GetConfigJson()["log-verbose-level"]!);
    }

    [Fact]
    public async Task Two_changes_in_the_same_second_keep_both_backups()
    {
        using var service = Create();

        Assert.Equal(0, await service.SetConfigAsync(new JsonObject { ["log-verbose-level"] = 4 }));
        Assert.Equal(0, await service.SetConfigAsync(new JsonObject { ["log-verbose-level"] = 2 }));

        Assert.True(File.Exists(_path + ".bak.20261126T100000Z"));
        Assert.Contains("\"log-verbose-level\": 4", await File.ReadAllTextAsync(_path + ".bak.20261126T100000Z.1"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("log-verbose-level", "9")]
    [InlineData("http-listen-port", "\"x\"")]
    [InlineData("records-min-free-space", "-1")]
    public async Task An_invalid_value_is_refused_with_101_and_nothing_changes(string key, string json)
    {
        using var service = Create();

        var code = await service.SetConfigAsync(new JsonObject { [key] = JsonNode.Parse(json) });

        Assert.Equal(101, code);
        Assert.Equal(Original, await File.ReadAllTextAsync(_path));
        Assert.Single(Directory.GetFiles(_dir.Path, "micropvr.conf*"));
        Assert.Contains("(1211) set_config refused: " + key, LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subscriber_refusing_the_new_config_restores_the_previous_one_with_222()
    {
        using var service = Create();
        service.Changed += o =>
        {
            if (o.LogVerboseLevel == 5)
            {
                throw new InvalidOperationException("cannot apply");
            }
        };

        var code = await service.SetConfigAsync(new JsonObject { ["log-verbose-level"] = 5 });

        Assert.Equal(222, code);
        Assert.Equal(3, service.Current.LogVerboseLevel);
        Assert.Equal(Original, await File.ReadAllTextAsync(_path));
        Assert.Contains("(1209)", LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_restore_gives_223()
    {
        using var service = Create();
        service.Changed += o =>
        {
            if (o.LogVerboseLevel == 5)
            {
                // The file can no longer be replaced: a folder took its name.
                File.Delete(_path);
                Directory.CreateDirectory(_path);
                Directory.CreateDirectory(Path.Combine(_path, "busy"));
                throw new InvalidOperationException("cannot apply");
            }
        };

        var code = await service.SetConfigAsync(new JsonObject { ["log-verbose-level"] = 5 });

        Assert.Equal(223, code);
        Assert.Contains("CRITICAL MAIN RestoreFailed", LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_backup_gives_220_and_leaves_the_file_alone()
    {
        using var service = Create();
        // The backup name is taken by a folder: copying onto it fails.
        Directory.CreateDirectory(_path + ".bak.20261126T100000Z");

        var code = await service.SetConfigAsync(new JsonObject { ["log-verbose-level"] = 4 });

        Assert.Equal(220, code);
        Assert.Equal(Original, await File.ReadAllTextAsync(_path));
        Assert.Equal(3, service.Current.LogVerboseLevel);
        Assert.Contains("(1205)", LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_write_gives_221_and_leaves_the_file_alone()
    {
        using var service = Create();
        // The temp file name is taken by a non-empty folder: creating the temp file fails.
        Directory.CreateDirectory(Path.Combine($"{_path}.tmp.{Environment.ProcessId}", "x"));

        var code = await service.SetConfigAsync(new JsonObject { ["log-verbose-level"] = 4 });

        Assert.Equal(221, code);
        Assert.Equal(Original, await File.ReadAllTextAsync(_path));
        Assert.Equal(3, service.Current.LogVerboseLevel);
        Assert.Contains("(1207)", LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_on_defaults_without_a_file_set_config_creates_it()
    {
        File.Delete(_path);
        using var service = Create();

        Assert.Equal(0, await service.SetConfigAsync(new JsonObject { ["log-verbose-level"] = 1 }));

        var written = ConfigLoader.LoadFile(_path, strict: true);
        Assert.Empty(written.Issues);
        Assert.Equal(1, written.Options.LogVerboseLevel);
    }

    [Fact]
    public void Start_up_on_an_unreadable_config_logs_1003()
    {
        File.WriteAllText(_path, "{ not json");
        using var service = Create();

        service.LogStartupLoad();

        Assert.Contains("ERROR MAIN LoadFailed", LogText, StringComparison.Ordinal);
        Assert.Contains("(1003) configuration " + _path + " cannot be used, running on defaults", LogText, StringComparison.Ordinal);
        Assert.Equal(8080, service.Current.HttpListenPort);
    }

    public void Dispose()
    {
        _log.Dispose();
        _dir.Dispose();
    }

    private ConfigService Create()
    {
        var load = ConfigLoader.LoadFile(_path);
        var logger = new MicroPvrLoggerProvider(_log).CreateLogger(typeof(ConfigService).FullName!);
        return new ConfigService(_path, load, new TypedLogger(logger), new FixedTimeProvider(Now));
    }

    private sealed class TypedLogger(ILogger inner) : ILogger<ConfigService>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
